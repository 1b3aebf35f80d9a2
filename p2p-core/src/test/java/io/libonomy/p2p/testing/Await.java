package io.libonomy.p2p.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Polls a condition with a deadline, for outcomes that have no signal to subscribe to (a
 * counter, a slot released on another thread). Test threads only: it parks.
 */
public final class Await {

  private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private Await() {}

  /** Returns once {@code condition} holds; fails when it still does not after {@code within}. */
  public static void awaitTrue(BooleanSupplier condition, Duration within) {
    awaitTrue("condition", condition, within);
  }

  /** As {@link #awaitTrue(BooleanSupplier, Duration)}, naming the condition in the failure. */
  public static void awaitTrue(String what, BooleanSupplier condition, Duration within) {
    if (!holdsWithin(condition, within)) {
      throw new AssertionError(what + " still false after " + within.toMillis() + " ms");
    }
  }

  /** As {@link #awaitTrue(String, BooleanSupplier, Duration)} with the arguments reordered. */
  public static void until(BooleanSupplier condition, Duration within, String what) {
    awaitTrue(what, condition, within);
  }

  /** Whether {@code condition} holds within {@code within}, checked every 5 ms. */
  public static boolean holdsWithin(BooleanSupplier condition, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      LockSupport.parkNanos(STEP_NANOS);
    }
    return true;
  }
}
