package io.libonomy.p2p.bench;

import java.time.Duration;
import java.util.Objects;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Mono;

/**
 * Measures round-trip times of an {@link RpcSubject} with one request outstanding: each
 * request is made from the completion of the previous one (on the thread that received its
 * answer), and its time from {@code System.nanoTime()} before the request to the answer
 * arriving goes into an HdrHistogram in nanoseconds, three significant digits.
 */
final class Latency {

  private static final int SIGNIFICANT_DIGITS = 3;
  private static final Duration TIMEOUT_BASE = Duration.ofSeconds(30);
  private static final Duration TIMEOUT_PER_ROUND_TRIP = Duration.ofMillis(1);

  private Latency() {}

  /**
   * Makes {@code warmup} round trips, unrecorded, then {@code roundTrips} recorded ones on a
   * started {@code subject}.
   *
   * @return the recorded round-trip times in nanoseconds
   * @throws RuntimeException the first round trip's error, or an {@link IllegalStateException}
   *     when the round trips did not finish within 30 s plus 1 ms each
   */
  static Histogram measure(RpcSubject subject, int warmup, int roundTrips) {
    Objects.requireNonNull(subject, "subject");
    run(subject, warmup, new Histogram(SIGNIFICANT_DIGITS));
    Histogram recorded = new Histogram(SIGNIFICANT_DIGITS);
    run(subject, roundTrips, recorded);
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
