package io.libonomy.p2p.api;

import org.jspecify.annotations.Nullable;

/** A secure session could not be established: the peer failed a check of the handshake, or it timed out. */
public class HandshakeException extends P2PException {

  public HandshakeException(String message) {
    super(message);
  }

  public HandshakeException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
