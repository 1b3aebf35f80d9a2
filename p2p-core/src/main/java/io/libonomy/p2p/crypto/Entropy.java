package io.libonomy.p2p.crypto;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Where this library's randomness comes from. */
public final class Entropy {

  private Entropy() {}

  /**
   * A DRBG seeded once here, by the caller's thread (this may read the OS entropy source:
   * call it where blocking briefly is allowed). Drawing from it afterwards is pure computation,
   * so event loops and parallel workers never read {@code /dev/urandom} (BlockHound flags the
   * {@code NativePRNG} file read). Thread-safe.
   */
  public static SecureRandom seededDrbg() {
    SecureRandom random;
    try {
      random = SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK's DRBG SecureRandom is missing", e);
    }
    random.nextBytes(new byte[1]);
    return random;
  }
}
