package io.libonomy.p2p.crypto;

import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * HKDF (RFC 5869) on Bouncy Castle: the session key derivation of the handshake (§5.2).
 *
 * <p>Stateless and thread-safe.
 */
public final class Hkdf {

  private static final int SHA256_LENGTH = 32;
  private static final int MAX_SHA256_LENGTH = 255 * SHA256_LENGTH;

  private Hkdf() {}

  /**
   * HKDF-SHA256: extract with {@code salt}, then expand with {@code info} to {@code length}
   * bytes. The arrays are read, never kept or modified.
   *
   * @param ikm the input keying material (any length)
   * @param salt the extract salt; empty behaves as RFC 5869's "not provided" (32 zero bytes)
   * @param info the context and application-specific information (possibly empty)
   * @param length output length in bytes, 1 to 8,160 (255 × 32)
   * @return a new array of {@code length} bytes of output keying material
   * @throws IllegalArgumentException if {@code length} is outside 1..8160
   */
  public static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
    Objects.requireNonNull(ikm, "ikm");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(info, "info");
    if (length < 1 || length > MAX_SHA256_LENGTH) {
      throw new IllegalArgumentException(
          "length must be 1.." + MAX_SHA256_LENGTH + " bytes, got " + length);
    }
    HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
    generator.init(new HKDFParameters(ikm, salt, info));
    byte[] okm = new byte[length];
    generator.generateBytes(okm, 0, length);
    return okm;
  }
}
