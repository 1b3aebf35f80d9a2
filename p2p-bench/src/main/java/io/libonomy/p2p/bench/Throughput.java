package io.libonomy.p2p.bench;

import java.time.Duration;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Measures a {@link Workload}: start it, let it warm up, then count what it delivers between
 * two readings of its counter taken {@code window} apart while it keeps running; close it.
 */
final class Throughput {

  private Throughput() {}

  /**
   * Runs {@code workload} once and returns its rate in messages a second over the window.
   *
   * @throws IllegalStateException if the workload failed at any point, shutdown included
   */
  static double measure(String label, Workload workload, Duration warmup, Duration window) {
    Objects.requireNonNull(workload, "workload");
    double rate;
    try (workload) {
      workload.start();
      pause(warmup);
      requireHealthy(label, workload);
      long startCount = workload.delivered();
      long startNanos = System.nanoTime();
      pause(window);
      long endCount = workload.delivered();
      long endNanos = System.nanoTime();
      rate = (endCount - startCount) * 1e9 / (endNanos - startNanos);
    }
    requireHealthy(label, workload);
    return rate;
  }

  // The benchmark's own clock: a timer on Reactor's scheduler, blocked on at this edge.
  private static void pause(Duration duration) {
    if (!duration.isZero()) {
      Mono.delay(duration).block();
    }
  }

  private static void requireHealthy(String label, Workload workload) {
    Throwable failure = workload.failure();
    if (failure != null) {
      throw new IllegalStateException(label + " failed: " + failure, failure);
    }
  }
}
