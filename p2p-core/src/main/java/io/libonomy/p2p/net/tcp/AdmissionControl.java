package io.libonomy.p2p.net.tcp;

import io.libonomy.p2p.config.RateLimit;
import io.netty.channel.ChannelHandlerContext;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * What the accepting side checks before it spends anything on a connection (§5.2): the number
 * of connections still in the handshake, the connections per remote IP, and a token bucket
 * per source (an IPv4 address or an IPv6 /64). The bucket table is a bounded LRU: a flood of
 * sources evicts the oldest buckets instead of growing memory.
 */
final class AdmissionControl implements SessionHandler.Admission {

  static final int MAX_TRACKED_SOURCES = 10_000;

  private final int maxPendingHandshakes;
  private final int maxConnectionsPerIp;
  private final RateLimit rate;
  private final Clock clock;
  private final AtomicInteger pending = new AtomicInteger();
  private final Map<InetAddress, Integer> perIp = new ConcurrentHashMap<>();
  private final Map<Source, TokenBucket> buckets =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Source, TokenBucket> eldest) {
          return size() > MAX_TRACKED_SOURCES;
        }
      };

  AdmissionControl(int maxPendingHandshakes, int maxConnectionsPerIp, RateLimit rate,
      Clock clock) {
    this.maxPendingHandshakes = maxPendingHandshakes;
    this.maxConnectionsPerIp = maxConnectionsPerIp;
    this.rate = rate;
    this.clock = clock;
  }

  @Override
  public @Nullable String tryAdmit(ChannelHandlerContext ctx) {
    InetAddress ip = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
    if (!takeToken(ip)) {
      return "rate_limit";
    }
    if (pending.incrementAndGet() > maxPendingHandshakes) {
      pending.decrementAndGet();
      return "pending_handshakes";
    }
    int count = perIp.merge(ip, 1, Integer::sum);
    if (count > maxConnectionsPerIp) {
      release(ip);
      pending.decrementAndGet();
      return "per_ip_limit";
    }
    return null;
  }

  @Override
  public void handshakeEnded() {
    pending.decrementAndGet();
  }

  @Override
  public void closed(ChannelHandlerContext ctx) {
    release(((InetSocketAddress) ctx.channel().remoteAddress()).getAddress());
  }

  /** Connections currently in the handshake state. */
  int pendingHandshakes() {
    return pending.get();
  }

  private void release(InetAddress ip) {
    perIp.computeIfPresent(ip, (k, v) -> v <= 1 ? null : v - 1);
  }

  private boolean takeToken(InetAddress ip) {
    Source source = Source.of(ip);
    long now = clock.millis();
    synchronized (buckets) {
      TokenBucket bucket = buckets.computeIfAbsent(source, s -> new TokenBucket(rate.burst(), now));
      return bucket.take(now, rate);
    }
  }

  /** An IPv4 address, or the /64 prefix of an IPv6 address. */
  private record Source(byte[] prefix) {
    static Source of(InetAddress ip) {
      byte[] bytes = ip.getAddress();
      return new Source(ip instanceof Inet6Address ? Arrays.copyOf(bytes, 8) : bytes);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Source s && Arrays.equals(prefix, s.prefix);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(prefix);
    }
  }

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
