package io.libonomy.p2p.crypto;

import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * SHA-256 on Bouncy Castle, for the handshake transcript (§5.2) and gossip message ids (§5.7).
 *
 * <p>Stateless and thread-safe.
 */
public final class Sha256 {

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
    SHA256Digest digest = new SHA256Digest();
    for (byte[] part : parts) {
      Objects.requireNonNull(part, "part");
      digest.update(part, 0, part.length);
    }
    byte[] out = new byte[digest.getDigestSize()];
    digest.doFinal(out, 0);
    return out;
  }
}
