package io.libonomy.p2p.net.udp;

import io.libonomy.p2p.net.SourceRateLimiter;
import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.config.RateLimit;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.testing.MutableClock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The mux's tables keep their bounds and evict what the spec says they evict. */
class BoundedTablesTest {

  private static final long NOW = 1_700_000_000_000L;

  private static byte[] entry(int i) {
    return ByteBuffer.allocate(56).putInt(52, i).array();
  }

  @Test
  void replayCacheRecognisesARepeatUntilItExpires() {
    ReplayCache cache = new ReplayCache(10);

    assertThat(cache.firstSeen(entry(1), 0, 56, NOW + 100, NOW)).isTrue();
    assertThat(cache.firstSeen(entry(1), 0, 56, NOW + 100, NOW + 100)).isFalse();
    assertThat(cache.firstSeen(entry(1), 0, 56, NOW + 300, NOW + 101)).isTrue();
  }

  @Test
  void fullReplayCacheEvictsTheOldestEntry() {
    ReplayCache cache = new ReplayCache(100);
    for (int i = 0; i < 1_000; i++) {
      assertThat(cache.firstSeen(entry(i), 0, 56, NOW + 1_000, NOW)).isTrue();
    }

    assertThat(cache.size()).isEqualTo(100);
    assertThat(cache.firstSeen(entry(999), 0, 56, NOW + 1_000, NOW)).isFalse();
    assertThat(cache.firstSeen(entry(0), 0, 56, NOW + 1_000, NOW))
        .as("best effort: the evicted oldest entry is forgotten").isTrue();
  }

  @Test
  void replayCachePurgesExpiredEntriesAsItGoes() {
    ReplayCache cache = new ReplayCache(1_000);
    for (int i = 0; i < 100; i++) {
      cache.firstSeen(entry(i), 0, 56, NOW, NOW);
    }
    for (int i = 100; i < 200; i++) {
      cache.firstSeen(entry(i), 0, 56, NOW + 10_000, NOW + 1);
    }

    assertThat(cache.size()).isEqualTo(100);
  }

  @Test
  void rateLimiterAllowsTheBurstThenTheRate() throws UnknownHostException {
    MutableClock clock = MutableClock.at(NOW);
    SourceRateLimiter limiter = new SourceRateLimiter(RateLimit.of(2, 3), clock, 100);
    InetAddress source = InetAddress.getByName("127.0.0.2");

    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire(source)).isTrue();
    }
    assertThat(limiter.tryAcquire(source)).isFalse();
    assertThat(limiter.tryAcquire(InetAddress.getByName("127.0.0.3")))
        .as("another source has its own bucket").isTrue();

    clock.advance(Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire(source)).isTrue();
    assertThat(limiter.tryAcquire(source)).isTrue();
    assertThat(limiter.tryAcquire(source)).isFalse();
  }

  @Test
  void rateLimiterTreatsAnIpv6Slash64AsOneSource() throws UnknownHostException {
    SourceRateLimiter limiter =
        new SourceRateLimiter(RateLimit.of(1, 1), MutableClock.at(NOW), 100);

    assertThat(limiter.tryAcquire(InetAddress.getByName("fd00:1:2:3::1"))).isTrue();
    assertThat(limiter.tryAcquire(InetAddress.getByName("fd00:1:2:3:ffff::9"))).isFalse();
    assertThat(limiter.tryAcquire(InetAddress.getByName("fd00:1:2:4::1"))).isTrue();
    assertThat(limiter.size()).isEqualTo(2);
  }

  @Test
  void rateLimiterTableStaysWithinItsBound() throws UnknownHostException {
    SourceRateLimiter limiter =
        new SourceRateLimiter(RateLimit.of(1, 1), MutableClock.at(NOW), 100);
    for (int i = 0; i < 1_000; i++) {
      limiter.tryAcquire(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}));
    }

    assertThat(limiter.size()).isEqualTo(100);
  }

  @Test
  void sharedKeysKeepTheMostRecentlyUsedPeers() {
    KeyPair mine = KeyPair.generate();
    SharedKeys keys = new SharedKeys(mine.privateKey(), 2);
    PublicKey a = KeyPair.generate().publicKey();
    PublicKey b = KeyPair.generate().publicKey();
    PublicKey c = KeyPair.generate().publicKey();
    keys.put(a, keys.compute(a));
    keys.put(b, keys.compute(b));

    assertThat(keys.cached(a)).isNotNull();
    keys.put(c, keys.compute(c));

    assertThat(keys.size()).isEqualTo(2);
    assertThat(keys.cached(b)).as("least recently used").isNull();
    assertThat(keys.cached(a)).isNotNull();
    assertThat(keys.cached(c)).isNotNull();
  }
}
