package io.libonomy.p2p.net.tcp;

import io.libonomy.p2p.config.RateLimit;
import io.libonomy.p2p.net.SourceRateLimiter;
import io.netty.channel.ChannelHandlerContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
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
  private final AtomicInteger pending = new AtomicInteger();
  private final Map<InetAddress, Integer> perIp = new ConcurrentHashMap<>();
  private final SourceRateLimiter rateLimiter;

  AdmissionControl(int maxPendingHandshakes, int maxConnectionsPerIp, RateLimit rate,
      Clock clock) {
    this.maxPendingHandshakes = maxPendingHandshakes;
    this.maxConnectionsPerIp = maxConnectionsPerIp;
    this.rateLimiter = new SourceRateLimiter(rate, clock, MAX_TRACKED_SOURCES);
  }

  @Override
  public @Nullable String tryAdmit(ChannelHandlerContext ctx) {
    InetAddress ip = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
    if (!rateLimiter.tryAcquire(ip)) {
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
}
