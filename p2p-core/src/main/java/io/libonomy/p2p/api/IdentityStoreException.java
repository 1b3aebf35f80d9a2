package io.libonomy.p2p.api;

import org.jspecify.annotations.Nullable;

/** The identity store is unreadable, corrupt, empty or cannot be written. */
public class IdentityStoreException extends P2PException {

  public IdentityStoreException(String message) {
    super(message);
  }

  public IdentityStoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
