package io.libonomy.p2p.net.udp;

import io.libonomy.p2p.crypto.Entropy;
import io.libonomy.p2p.crypto.SecretBox;
import java.security.SecureRandom;

/**
 * Where outbound datagrams take their {@code crypto_box} nonces. Production code draws them
 * from a DRBG; the known-answer tests inject the vectors' fixed nonces.
 */
@FunctionalInterface
interface NonceSource {

  /** 24 fresh bytes, never returned before. Called on any thread. */
  byte[] next();

  /**
   * Nonces from a DRBG seeded once here, by the caller's thread: after seeding, drawing bytes
   * is pure computation, so no send reads the OS entropy source from an event loop or a
   * parallel worker (BlockHound would flag the {@code NativePRNG} file read).
   */
  static NonceSource secure() {
    SecureRandom random = Entropy.seededDrbg();
    return () -> {
      byte[] nonce = new byte[SecretBox.NONCE_LENGTH];
      random.nextBytes(nonce);
      return nonce;
    };
  }
}
