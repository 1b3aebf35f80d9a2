package io.libonomy.p2p.api;

import org.jspecify.annotations.Nullable;

/** A send waited longer than the configured send timeout for the peer to read. */
public class SendTimeoutException extends P2PException {

  public SendTimeoutException(String message) {
    super(message);
  }

  public SendTimeoutException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
