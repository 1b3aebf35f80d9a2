package io.libonomy.p2p.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * SHA-256 for the handshake transcript (§5.2), gossip message ids (§5.7) and address-book
 * buckets. It uses the JDK's implementation, which HotSpot compiles to the CPU's SHA
 * instructions where there are some (gossip hashes every frame it receives, so this matters);
 * every Java 17 runtime must provide SHA-256.
 *
 * <p>Stateless and thread-safe.
 */
public final class Sha256 {

  private static final MessageDigest PROTOTYPE = prototype();

  private Sha256() {}

  /**
   * Hashes the concatenation of {@code parts} in one pass, without building it.
   *
   * @param parts the byte strings to hash in order (none, or empty ones, allowed); not modified
   * @return a new 32-byte digest
   * @throws NullPointerException if {@code parts} or any part is null
   */
  public static byte[] digest(byte[]... parts) {
    Objects.requireNonNull(parts, "parts");
    MessageDigest digest = fresh();
    for (byte[] part : parts) {
      Objects.requireNonNull(part, "part");
      digest.update(part, 0, part.length);
    }
    return digest.digest();
  }

  private static MessageDigest fresh() {
    try {
      return (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      return prototype();
    }
  }

  private static MessageDigest prototype() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
