package io.libonomy.p2p.api;

import org.jspecify.annotations.Nullable;

/** An X25519 computation gave the all-zero output: the peer's key (static or ephemeral) is a low-order point. */
public class LowOrderKeyException extends CryptoException {

  public LowOrderKeyException(String message) {
    super(message);
  }

  public LowOrderKeyException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
