package io.libonomy.p2p.api;

import org.jspecify.annotations.Nullable;

/** The destination peer has no open connection (or is the local node). */
public class NotConnectedException extends P2PException {

  public NotConnectedException(String message) {
    super(message);
  }

  public NotConnectedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
