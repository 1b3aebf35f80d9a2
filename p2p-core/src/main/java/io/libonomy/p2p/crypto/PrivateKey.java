package io.libonomy.p2p.crypto;

import io.libonomy.p2p.api.InvalidKeyException;
import java.security.MessageDigest;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.jspecify.annotations.Nullable;

/**
 * A 32-byte X25519 private key, stored unclamped as NaCl does (clamping happens inside the
 * scalar multiplication). {@link #toString()} never reveals the key.
 */
public final class PrivateKey {

  private final byte[] bytes;

  private PrivateKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Wraps a copy of {@code bytes}.
   *
   * @throws InvalidKeyException unless exactly 32 bytes long
   */
  public static PrivateKey of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != PublicKey.LENGTH) {
      throw new InvalidKeyException(
          "invalid key size (got " + bytes.length + " instead of " + PublicKey.LENGTH + " bytes)");
    }
    return new PrivateKey(bytes.clone());
  }

  /** Parses the base58 text form. */
  public static PrivateKey fromBase58(String text) {
    return of(PublicKey.decodeKeyText(text));
  }

  /** Derives the public key: X25519(this, basepoint). */
  public PublicKey publicKey() {
    byte[] pub = new byte[PublicKey.LENGTH];
    X25519.scalarMultBase(bytes, 0, pub, 0);
    return PublicKey.of(pub);
  }

  /** A copy of the 32 key bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The key bytes without copying: callers must not modify the array. */
  byte[] unsafeBytes() {
    return bytes;
  }

  /** The base58 text form: secret material, for the identity file only. */
  public String toBase58() {
    return Base58.encode(bytes);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof PrivateKey other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return 0; // never leak key material through hashing; private keys are not map keys
  }

  @Override
  public String toString() {
    return "PrivateKey[redacted]";
  }
}
