package io.libonomy.p2p.discovery;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * At most {@code perMinute} GET_ADDRESSES answers per source in any minute (§5.6), counted
 * over a sliding window. A source is an IPv4 address or an IPv6 /64, as for the UDP rate limit
 * (one host cannot dodge the limit by cycling the addresses of its own subnet), except that a
 * loopback source is its address and port: a local network runs every node on 127.0.0.1, and
 * whoever sends from loopback already runs code on this host. The table is an
 * LRU of {@code capacity} sources of {@code perMinute} timestamps each. Thread-safe.
 */
final class AnswerRateLimiter {

  private static final long MINUTE_MILLIS = 60_000;

  private final Clock clock;
  private final int perMinute;
  private final Map<Source, Window> windows;

  AnswerRateLimiter(Clock clock, int perMinute, int capacity) {
    this.clock = clock;
    this.perMinute = perMinute;
    this.windows = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Source, Window> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Counts an answer to {@code address}'s source; false if it had enough this minute. */
  boolean tryAcquire(InetSocketAddress from) {
    Source source = Source.of(from);
    long now = clock.millis();
    synchronized (windows) {
      return windows.computeIfAbsent(source, s -> new Window(perMinute)).take(now);
    }
  }

  private record Source(byte[] prefix, int port) {
    static Source of(InetSocketAddress from) {
      InetAddress address = from.getAddress();
      byte[] bytes = address.getAddress();
      if (address.isLoopbackAddress()) {
        return new Source(bytes, from.getPort());
      }
      return new Source(address instanceof Inet6Address ? Arrays.copyOf(bytes, 8) : bytes, 0);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Source s && port == s.port && Arrays.equals(prefix, s.prefix);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(prefix) + port;
    }
  }

  /**
   * The times of the last {@code perMinute} answers, in a ring: a new answer is allowed when
   * the oldest of them is a minute old, so no sliding minute ever holds more than {@code
   * perMinute} answers. A clock that steps back allows nothing until it has caught up.
   */
  private static final class Window {
    private final long[] times;
    private int oldest;

    Window(int perMinute) {
      times = new long[perMinute];
      Arrays.fill(times, Long.MIN_VALUE);
    }

    boolean take(long now) {
      long at = times[oldest];
      if (at != Long.MIN_VALUE && (now - at < MINUTE_MILLIS)) {
        return false;
      }
      times[oldest] = now;
      oldest = (oldest + 1) % times.length;
      return true;
    }
  }
}
