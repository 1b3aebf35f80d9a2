package io.libonomy.p2p.net.tcp;

import io.libonomy.p2p.crypto.Entropy;
import io.libonomy.p2p.crypto.KeyPair;
import java.security.SecureRandom;

/**
 * Where the handshake takes its ephemeral keys and nonces. Production code uses a
 * {@link SecureRandom}; the known-answer tests inject the vectors' fixed values.
 */
interface HandshakeEntropy {

  /** A fresh ephemeral X25519 key pair, never reused. */
  KeyPair ephemeralKeyPair();

  /** 24 fresh random bytes for a {@code crypto_box} nonce. */
  byte[] nonce();

  /**
   * Entropy from a DRBG seeded once here, by the caller's thread: after seeding, drawing
   * bytes is pure computation, so handshakes never read the OS entropy source from an event
   * loop or a parallel worker.
   */
  static HandshakeEntropy secure() {
    SecureRandom random = Entropy.seededDrbg();
    return new HandshakeEntropy() {
      @Override
      public KeyPair ephemeralKeyPair() {
        return KeyPair.generate(random);
      }

      @Override
      public byte[] nonce() {
        byte[] nonce = new byte[24];
        random.nextBytes(nonce);
        return nonce;
      }
    };
  }
}
