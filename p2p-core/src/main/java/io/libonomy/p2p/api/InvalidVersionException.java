package io.libonomy.p2p.api;

import org.jspecify.annotations.Nullable;

/**
 * A client version string does not follow the {@code [<name>/]<MAJOR>.<MINOR>.<PATCH>[-|+...]}
 * shape; the message names what is wrong.
 */
public class InvalidVersionException extends P2PException {

  public InvalidVersionException(String message) {
    super(message);
  }

  public InvalidVersionException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
