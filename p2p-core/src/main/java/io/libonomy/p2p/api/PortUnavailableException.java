package io.libonomy.p2p.api;

import org.jspecify.annotations.Nullable;

/** A listening port could not be bound (in use, not permitted, or no such address). */
public class PortUnavailableException extends P2PException {

  public PortUnavailableException(String message) {
    super(message);
  }

  public PortUnavailableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
