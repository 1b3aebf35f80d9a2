package io.libonomy.p2p.api;

import org.jspecify.annotations.Nullable;

/** A key's bytes or text form is not a 32-byte X25519 key. */
public class InvalidKeyException extends P2PException {

  public InvalidKeyException(String message) {
    super(message);
  }

  public InvalidKeyException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
