package io.libonomy.p2p.crypto;

import io.libonomy.p2p.api.InvalidKeyException;
import io.libonomy.p2p.api.LowOrderKeyException;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * X25519 Diffie-Hellman (RFC 7748) on Bouncy Castle. Every result is checked: an all-zero
 * shared secret means the peer's key is a low-order point, which aborts whatever the secret
 * was for (wire protocol §5).
 *
 * <p>Stateless and thread-safe.
 */
public final class Curve25519 {

  private static final int LENGTH = X25519.POINT_SIZE;

  private Curve25519() {}

  /**
   * The raw X25519 output {@code X25519(mine, theirs)}, without hashing.
   *
   * @param mine our private key (clamped inside the scalar multiplication, as NaCl does)
   * @param theirs the peer's public key
   * @return a new 32-byte array holding the shared secret
   * @throws LowOrderKeyException if the output is all zeros ({@code theirs} is a low-order point)
   */
  public static byte[] sharedSecret(PrivateKey mine, PublicKey theirs) {
    Objects.requireNonNull(mine, "mine");
    Objects.requireNonNull(theirs, "theirs");
    return agree(mine.unsafeBytes(), theirs.unsafeBytes());
  }

  /**
   * The raw X25519 output on key bytes; the arrays are read, never kept or modified.
   *
   * @param mine32 our 32-byte private key
   * @param theirs32 the peer's 32-byte public key (u-coordinate, little-endian)
   * @return a new 32-byte array holding the shared secret
   * @throws InvalidKeyException if either array is not exactly 32 bytes long
   * @throws LowOrderKeyException if the output is all zeros ({@code theirs32} is a low-order point)
   */
  public static byte[] sharedSecret(byte[] mine32, byte[] theirs32) {
    checkLength(Objects.requireNonNull(mine32, "mine32"), "mine32");
    checkLength(Objects.requireNonNull(theirs32, "theirs32"), "theirs32");
    return agree(mine32, theirs32);
  }

  private static byte[] agree(byte[] mine, byte[] theirs) {
    byte[] secret = new byte[LENGTH];
    X25519.scalarMult(mine, 0, theirs, 0, secret, 0);
    if (isAllZero(secret)) {
      throw new LowOrderKeyException("X25519 output is all zeros: low-order public key");
    }
    return secret;
  }

  /** Branch-free on the contents so the timing reveals nothing about the secret. */
  private static boolean isAllZero(byte[] secret) {
    int acc = 0;
    for (byte b : secret) {
      acc |= b;
    }
    return acc == 0;
  }

  private static void checkLength(byte[] key, String name) {
    if (key.length != LENGTH) {
      throw new InvalidKeyException(
          "invalid " + name + " size (got " + key.length + " instead of " + LENGTH + " bytes)");
    }
  }
}
