package io.libonomy.p2p.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Mono;

/** Waits for a condition with a deadline instead of sleeping a fixed time. */
public final class Await {

  private static final Duration POLL = Duration.ofMillis(5);

  private Await() {}

  /**
   * Returns as soon as {@code condition} holds, checking every 5 ms; fails with an {@link
   * AssertionError} naming {@code what} if it does not hold within {@code within}.
   */
  public static void until(BooleanSupplier condition, Duration within, String what) {
    if (!holdsWithin(condition, within)) {
      throw new AssertionError("timed out after " + within + " waiting for " + what);
    }
  }

  /** Whether {@code condition} holds within {@code within}, checked every 5 ms. */
  public static boolean holdsWithin(BooleanSupplier condition, Duration within) {
    Boolean held = Mono.fromSupplier(condition::getAsBoolean)
        .filter(Boolean::booleanValue)
        .repeatWhenEmpty(r -> r.delayElements(POLL))
        .timeout(within, Mono.just(false))
        .block();
    return Boolean.TRUE.equals(held);
  }
}
