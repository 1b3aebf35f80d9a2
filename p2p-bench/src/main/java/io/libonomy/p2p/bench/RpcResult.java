package io.libonomy.p2p.bench;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The request/response benchmark's results, ours next to raw-netty, all measured in one run.
 *
 * @param ours round trips through two switches and their message servers, one outstanding
 * @param rawNetty round trips over plain Reactor Netty with the same framing, one outstanding
 * @param outstanding requests kept outstanding for the request rates
 * @param oursRps ours' answers a second with {@code outstanding} requests outstanding
 * @param rawNettyRps raw-netty's answers a second, the same way
 */
record RpcResult(RttPercentiles ours, RttPercentiles rawNetty, int outstanding, double oursRps,
    double rawNettyRps) {

  /** The bound on ours/raw-netty for the median round trip. */
  static final double P50_MAX_RATIO = 2.0;
  /** The bound on ours/raw-netty for the 99th percentile. */
  static final double P99_MAX_RATIO = 2.5;

  /** What a case measures, and its unit as the table and JSON spell it. */
  enum Metric {
    /** A round-trip time in microseconds: lower is better. */
    MICROS("us"),
    /** Answers a second: higher is better. */
    REQUESTS_PER_SECOND("req/s");

    private final String unit;

    Metric(String unit) {
      this.unit = unit;
    }

    /** {@code us} or {@code req/s}. */
    String unit() {
      return unit;
    }
  }

  RpcResult {
    Objects.requireNonNull(ours, "ours");
    Objects.requireNonNull(rawNetty, "rawNetty");
  }

  /**
   * One line of the results: a measure, ours and raw-netty, and the bound on their
   * ratio where it sets one (latencies: lower is better, so ours/raw-netty must stay at or
   * below it).
   *
   * @param name {@code rtt-p50}, {@code rtt-p99}, {@code rtt-p999} or {@code rps-<outstanding>}
   * @param metric what {@code ours} and {@code rawNetty} measure
   * @param maxRatio the bound on {@link #ratio()}, or {@code null} where the issue sets none
   */
  record Case(String name, Metric metric, double ours, double rawNetty,
      @Nullable Double maxRatio) {

    /** Ours divided by raw-netty; not finite when raw-netty measured zero. */
    double ratio() {
      return ours / rawNetty;
    }

    /** Whether the ratio is within the bound; {@code false} when there is none. */
    boolean isMet() {
      return maxRatio != null && ratio() <= maxRatio;
    }
  }

  /** The four cases in report order: the three round-trip percentiles, then the rate. */
  List<Case> cases() {
    return List.of(
        new Case("rtt-p50", Metric.MICROS, ours.p50(), rawNetty.p50(), P50_MAX_RATIO),
        new Case("rtt-p99", Metric.MICROS, ours.p99(), rawNetty.p99(), P99_MAX_RATIO),
        new Case("rtt-p999", Metric.MICROS, ours.p999(), rawNetty.p999(), null),
        new Case("rps-" + outstanding, Metric.REQUESTS_PER_SECOND, oursRps, rawNettyRps, null));
  }
}
