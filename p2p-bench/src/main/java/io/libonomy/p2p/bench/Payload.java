package io.libonomy.p2p.bench;

import java.util.SplittableRandom;

/** Benchmark payloads: pseudo-random bytes seeded by their size, the same in every run. */
final class Payload {

  private Payload() {}

  /** A new array of {@code size} pseudo-random bytes, seeded with {@code size}. */
  static byte[] seeded(int size) {
    byte[] payload = new byte[size];
    new SplittableRandom(size).nextBytes(payload);
    return payload;
  }
}
