package io.libonomy.p2p.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Mono;

/**
 * Measures round-trip times of {@link RpcSubject}s with one request outstanding: each request
 * is made from the completion of the previous one (on the thread that received its answer), and
 * its time from {@code System.nanoTime()} before the request to the answer arriving goes into
 * an HdrHistogram in nanoseconds, three significant digits.
 *
 * <p>Several subjects are measured in alternating blocks rather than one after the other, so
 * that a slow drift of the machine (another process, CPU frequency) weighs on all of them alike
 * instead of on whichever ran while it lasted.
 */
final class Latency {

  /** Recorded round trips are split into this many blocks per subject, taken in turn. */
  static final int BLOCKS = 5;

  private static final int SIGNIFICANT_DIGITS = 3;
  private static final Duration TIMEOUT_BASE = Duration.ofSeconds(30);
  private static final Duration TIMEOUT_PER_ROUND_TRIP = Duration.ofMillis(1);

  private Latency() {}

  /**
   * Warms each started subject up with {@code warmup} unrecorded round trips, then records
   * {@code roundTrips} round trips of each in {@link #BLOCKS} blocks, the subjects taking
   * turns block by block (the first block of each holds the remainder of the division).
   *
   * @return one histogram of round-trip times in nanoseconds per subject, in their order
   * @throws RuntimeException the first round trip's error, or an {@link IllegalStateException}
   *     when a block did not finish within 30 s plus 1 ms a round trip
   */
  static List<Histogram> measure(List<RpcSubject> subjects, int warmup, int roundTrips) {
    List<Histogram> recorded = new ArrayList<>(subjects.size());
    for (RpcSubject subject : subjects) {
      run(subject, warmup, new Histogram(SIGNIFICANT_DIGITS));
      recorded.add(new Histogram(SIGNIFICANT_DIGITS));
    }
    for (int block = 0; block < BLOCKS; block++) {
      int count = roundTrips / BLOCKS + (block == 0 ? roundTrips % BLOCKS : 0);
      for (int i = 0; i < subjects.size(); i++) {
        run(subjects.get(i), count, recorded.get(i));
      }
    }
    return recorded;
  }

  // The histogram is written by one round trip at a time, each after the previous one
  // completed, and read after block() returns: no two threads touch it at once.
  private static void run(RpcSubject subject, int count, Histogram into) {
    if (count == 0) {
      return;
    }
    Duration timeout = TIMEOUT_BASE.plus(TIMEOUT_PER_ROUND_TRIP.multipliedBy(count));
    Mono.defer(() -> {
          long start = System.nanoTime();
          return subject.request()
              .doOnNext(answer -> into.recordValue(System.nanoTime() - start));
        })
        .repeat(count - 1L)
        .then()
        .block(timeout);
  }
}
