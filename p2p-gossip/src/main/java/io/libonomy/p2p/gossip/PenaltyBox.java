package io.libonomy.p2p.gossip;

import io.libonomy.p2p.crypto.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Counts rejected messages per neighbour in one-minute windows (a window opens with the first
 * rejection and lasts a minute). A neighbour whose count passes {@code maxPerMinute} is an
 * offender, reported once per window. Entries exist only for neighbours that sent a rejected
 * message and go when the neighbour leaves ({@link #forget}), so the map is bounded by the
 * number of neighbours. Thread-safe.
 */
final class PenaltyBox {

  private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

  private static final class Window {
    long startNanos;
    int count;
    boolean reported;

    Window(long startNanos) {
      this.startNanos = startNanos;
    }
  }

  private final int maxPerMinute;
  private final LongSupplier nanoClock;
  private final Map<PublicKey, Window> windows = new ConcurrentHashMap<>();

  PenaltyBox(int maxPerMinute, LongSupplier nanoClock) {
    this.maxPerMinute = maxPerMinute;
    this.nanoClock = nanoClock;
  }

  /** Counts one rejected message from {@code peer}; true when that makes it an offender. */
  boolean record(PublicKey peer) {
    long now = nanoClock.getAsLong();
    Window w = windows.computeIfAbsent(peer, k -> new Window(now));
    synchronized (w) {
      if (now - w.startNanos >= WINDOW_NANOS) {
        w.startNanos = now;
        w.count = 0;
        w.reported = false;
      }
      w.count++;
      if (w.count > maxPerMinute && !w.reported) {
        w.reported = true;
        return true;
      }
      return false;
    }
  }

  void forget(PublicKey peer) {
    windows.remove(peer);
  }

  int tracked() {
    return windows.size();
  }
}
