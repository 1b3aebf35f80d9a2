package io.libonomy.p2p.api;

import org.jspecify.annotations.Nullable;

/** A node URL does not follow the libonomy:// format; the message names what is wrong. */
public class InvalidNodeUrlException extends P2PException {

  public InvalidNodeUrlException(String message) {
    super(message);
  }

  public InvalidNodeUrlException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
