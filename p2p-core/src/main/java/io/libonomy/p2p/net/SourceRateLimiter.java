package io.libonomy.p2p.net;

import io.libonomy.p2p.config.RateLimit;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A token bucket per source, checked before any crypto (§5.5): a source is an IPv4 address or
 * the /64 prefix of an IPv6 address, so one host cannot dodge the limit by cycling addresses
 * of its own subnet. The bucket table is an LRU of at most {@code capacity} sources: a flood of
 * sources evicts the least recently seen buckets (which then start full again) instead of
 * growing memory. Thread-safe; one short critical section per datagram.
 */
public final class SourceRateLimiter {

  private final RateLimit rate;
  private final Clock clock;
  private final Map<Source, TokenBucket> buckets;

  /**
   * A limiter granting {@code rate} per source, tracking at most {@code capacity} sources.
   */
  public SourceRateLimiter(RateLimit rate, Clock clock, int capacity) {
    this.rate = rate;
    this.clock = clock;
    this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Source, TokenBucket> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Takes a token for {@code address}'s source; false if its bucket is empty. */
  public boolean tryAcquire(InetAddress address) {
    Source source = Source.of(address);
    long now = clock.millis();
    synchronized (buckets) {
      TokenBucket bucket = buckets.get(source);
      if (bucket == null) {
        bucket = new TokenBucket(rate.burst(), now);
        buckets.put(source, bucket);
      }
      return bucket.take(now, rate);
    }
  }

  /** Sources tracked right now. */
  public int size() {
    synchronized (buckets) {
      return buckets.size();
    }
  }

  /** An IPv4 address, or the /64 prefix of an IPv6 address. */
  private record Source(byte[] prefix) {
    static Source of(InetAddress address) {
      byte[] bytes = address.getAddress();
      return new Source(address instanceof Inet6Address ? Arrays.copyOf(bytes, 8) : bytes);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Source s && Arrays.equals(prefix, s.prefix);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(prefix);
    }

    @Override
    public String toString() {
      return Arrays.toString(prefix);
    }
  }

  /** Refilled lazily from the elapsed time; a clock that steps back refills nothing. */
  private static final class TokenBucket {
    private double tokens;
    private long last;

    TokenBucket(int burst, long now) {
      this.tokens = burst;
      this.last = now;
    }

    boolean take(long now, RateLimit rate) {
      if (now > last) {
        tokens = Math.min(rate.burst(), tokens + (now - last) * rate.perSecond() / 1000.0);
        last = now;
      }
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }
}
