package io.libonomy.p2p.discovery;

import static io.libonomy.p2p.discovery.TestNodes.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.testing.MutableClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** At most 10 GET_ADDRESSES answers per source in any minute. */
class AnswerRateLimiterTest {

  private final MutableClock clock = TestNodes.clock();
  private final AnswerRateLimiter limiter = new AnswerRateLimiter(clock, 10, 100);
  private final InetAddress source = ip(192, 0, 2, 1);

  private int granted(InetAddress address, int tries) {
    return granted(new InetSocketAddress(address, 7513), tries);
  }

  private int granted(InetSocketAddress address, int tries) {
    int granted = 0;
    for (int i = 0; i < tries; i++) {
      if (limiter.tryAcquire(address)) {
        granted++;
      }
    }
    return granted;
  }

  @Test
  void tenAnswersAMinutePerSource() {
    assertThat(granted(source, 15)).isEqualTo(10);
    assertThat(granted(ip(192, 0, 2, 2), 15)).isEqualTo(10);

    clock.advance(Duration.ofSeconds(59));
    assertThat(granted(source, 1)).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(granted(source, 15)).isEqualTo(10);
  }

  @Test
  void noSlidingMinuteHoldsMoreThanTen() {
    int granted = 0;
    for (int second = 0; second < 60; second++) {
      granted += granted(source, 1);
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(granted).isEqualTo(10); // in seconds 0..9
    assertThat(granted(source, 20)).isEqualTo(1); // second 60: only second 0's is a minute old
    clock.advance(Duration.ofSeconds(9));
    assertThat(granted(source, 20)).isEqualTo(9);
  }

  @Test
  void ipv6SourcesShareTheirSlash64() {
    assertThat(granted(ip("2001:db8:1:2::1"), 6)).isEqualTo(6);
    assertThat(granted(ip("2001:db8:1:2:ffff::9"), 6)).isEqualTo(4);
    assertThat(granted(ip("2001:db8:1:3::1"), 6)).isEqualTo(6);
  }

  @Test
  void otherPortsOfOneRemoteAddressShareItsLimit() {
    assertThat(granted(new InetSocketAddress(source, 1000), 6)).isEqualTo(6);
    assertThat(granted(new InetSocketAddress(source, 1001), 6)).isEqualTo(4);
  }

  @Test
  void eachLoopbackPortIsItsOwnSourceSoALocalNetworkIsNotThrottledAsOneHost() {
    InetAddress loopback = ip(127, 0, 0, 1);
    assertThat(granted(new InetSocketAddress(loopback, 1000), 15)).isEqualTo(10);
    assertThat(granted(new InetSocketAddress(loopback, 1001), 15)).isEqualTo(10);
  }
}
