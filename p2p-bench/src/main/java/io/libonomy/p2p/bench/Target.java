package io.libonomy.p2p.bench;

import java.util.List;
import java.util.Optional;

/**
 * A throughput target from the issue: for one payload size, a ratio of ours to a baseline must
 * be at least {@code minimum}.
 */
record Target(int payloadSize, Ratio ratio, double minimum) {

  /** Which ratio a target constrains. */
  enum Ratio {
    OURS_OVER_SEAL_ALONE,
    OURS_OVER_MIN
  }

  /** At 1 KiB ours ≥ 0.70 × seal-alone; at 128 B ours ≥ 0.50 × min(raw-netty, seal-alone). */
  static final List<Target> ISSUE = List.of(
      new Target(1024, Ratio.OURS_OVER_SEAL_ALONE, 0.70),
      new Target(128, Ratio.OURS_OVER_MIN, 0.50));

  /** The issue's target for {@code ratio} at {@code payloadSize}, if it sets one. */
  static Optional<Target> of(int payloadSize, Ratio ratio) {
    return ISSUE.stream()
        .filter(t -> t.payloadSize == payloadSize && t.ratio == ratio)
        .findFirst();
  }

  /** Whether {@code result} reaches this target. */
  boolean isMetBy(DirectResult result) {
    double value = ratio == Ratio.OURS_OVER_SEAL_ALONE
        ? result.oursOverSealAlone()
        : result.oursOverMin();
    return value >= minimum;
  }
}
