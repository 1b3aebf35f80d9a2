package io.libonomy.p2p.api;

import org.jspecify.annotations.Nullable;

/** Bytes received from the network do not decode to the expected structure (ARCHITECTURE §5.0). */
public class MalformedMessageException extends P2PException {

  public MalformedMessageException(String message) {
    super(message);
  }

  public MalformedMessageException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
