package io.libonomy.p2p.api;

import org.jspecify.annotations.Nullable;

/** The connection closed before the operation completed. */
public class ConnectionClosedException extends P2PException {

  public ConnectionClosedException(String message) {
    super(message);
  }

  public ConnectionClosedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
