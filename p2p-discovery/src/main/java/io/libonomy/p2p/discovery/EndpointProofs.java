package io.libonomy.p2p.discovery;

import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.server.Endpoint;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The endpoint proofs of §5.6: which {@code (key, address, port)} answered one of our PINGs
 * from that address within the request lifetime, and when; and when we last sent a proof PING
 * to an address and port. Both tables are LRUs of at most {@code capacity} entries, so a flood
 * of sources evicts the oldest instead of growing memory (an evicted proof only costs its
 * owner one more PING). Thread-safe; each call is one short critical section.
 */
final class EndpointProofs {

  private final Clock clock;
  private final long validityMillis;
  private final long pingIntervalMillis;
  private final Map<Proven, Long> provenAt;
  private final Map<InetSocketAddress, Long> pingedAt;

  EndpointProofs(Clock clock, Duration validity, Duration pingInterval, int capacity) {
    this.clock = clock;
    this.validityMillis = validity.toMillis();
    this.pingIntervalMillis = pingInterval.toMillis();
    this.provenAt = lru(capacity);
    this.pingedAt = lru(capacity);
  }

  /** Records that {@code endpoint} answered our PING now. */
  void prove(Endpoint endpoint) {
    Proven key = Proven.of(endpoint);
    if (key == null) {
      return;
    }
    long now = clock.millis();
    synchronized (provenAt) {
      provenAt.put(key, now);
    }
  }

  /** Whether {@code endpoint} answered one of our PINGs within the validity (12 h). */
  boolean isProven(Endpoint endpoint) {
    Proven key = Proven.of(endpoint);
    if (key == null) {
      return false;
    }
    long now = clock.millis();
    synchronized (provenAt) {
      Long at = provenAt.get(key);
      if (at == null) {
        return false;
      }
      if (now - at >= validityMillis) {
        provenAt.remove(key);
        return false;
      }
      return true;
    }
  }

  /**
   * Whether a proof PING may go to {@code address} now (none went there within the ping
   * interval); if so, records that one goes now.
   */
  boolean tryPing(InetSocketAddress address) {
    long now = clock.millis();
    synchronized (pingedAt) {
      Long last = pingedAt.get(address);
      if (last != null && now - last < pingIntervalMillis && now >= last) {
        return false;
      }
      pingedAt.put(address, now);
      return true;
    }
  }

  /** Proofs remembered right now (expired ones included until looked up or evicted). */
  int size() {
    synchronized (provenAt) {
      return provenAt.size();
    }
  }

  private static <K> Map<K, Long> lru(int capacity) {
    return new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, Long> eldest) {
        return size() > capacity;
      }
    };
  }

  /** A proof's key: the authenticated key and the exact source address and port. */
  private record Proven(PublicKey key, InetSocketAddress address) {
    static @Nullable Proven of(Endpoint endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      InetSocketAddress address = endpoint.address();
      return address == null ? null : new Proven(endpoint.key(), address);
    }
  }
}
