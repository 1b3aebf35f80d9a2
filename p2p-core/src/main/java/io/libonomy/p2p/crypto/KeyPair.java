package io.libonomy.p2p.crypto;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * An X25519 key pair. The compact constructor checks that the public key is the one the
 * private key derives, so a pair read from disk cannot be inconsistent.
 */
public record KeyPair(PrivateKey privateKey, PublicKey publicKey) {

  public KeyPair {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(publicKey, "publicKey");
    if (!privateKey.publicKey().equals(publicKey)) {
      throw new IllegalArgumentException("publicKey does not match privateKey");
    }
  }

  /** A fresh pair from {@code random} (32 random bytes, as NaCl's box keypair). */
  public static KeyPair generate(RandomGenerator random) {
    Objects.requireNonNull(random, "random");
    byte[] secret = new byte[PublicKey.LENGTH];
    random.nextBytes(secret);
    return fromPrivate(PrivateKey.of(secret));
  }

  /** A fresh pair from a new {@link SecureRandom}. */
  public static KeyPair generate() {
    return generate(new SecureRandom());
  }

  /** The pair of {@code privateKey}. */
  public static KeyPair fromPrivate(PrivateKey privateKey) {
    return new KeyPair(privateKey, privateKey.publicKey());
  }
}
