package io.libonomy.p2p.bench;

import org.HdrHistogram.Histogram;

/**
 * The round-trip times the rpc benchmark reports, in microseconds.
 *
 * @param p50 the median
 * @param p99 the 99th percentile
 * @param p999 the 99.9th percentile
 * @param max the longest round trip
 * @param count round trips recorded
 */
record RttPercentiles(double p50, double p99, double p999, double max, long count) {

  /** Reads the percentiles of {@code nanos}, a histogram of round-trip times in nanoseconds. */
  static RttPercentiles of(Histogram nanos) {
    return new RttPercentiles(micros(nanos.getValueAtPercentile(50.0)),
        micros(nanos.getValueAtPercentile(99.0)), micros(nanos.getValueAtPercentile(99.9)),
        micros(nanos.getMaxValue()), nanos.getTotalCount());
  }

  private static double micros(long nanos) {
    return nanos / 1_000.0;
  }
}
