package io.libonomy.p2p.api;

import org.jspecify.annotations.Nullable;

/**
 * Root of every error this library signals. Errors are typed: callers match on the subclass,
 * never on the message text.
 */
public abstract class P2PException extends RuntimeException {

  protected P2PException(String message) {
    super(message);
  }

  protected P2PException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
