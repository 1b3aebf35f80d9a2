package io.libonomy.p2p.api;

import org.jspecify.annotations.Nullable;

/** The node is shutting down or was shut down; the operation cannot proceed. */
public class ShutdownException extends P2PException {

  public ShutdownException(String message) {
    super(message);
  }

  public ShutdownException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
