package io.libonomy.p2p.api;

import org.jspecify.annotations.Nullable;

/** A cryptographic operation failed: a box or secretbox did not open, or an X25519 result was all zeros. */
public class CryptoException extends P2PException {

  public CryptoException(String message) {
    super(message);
  }

  public CryptoException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
