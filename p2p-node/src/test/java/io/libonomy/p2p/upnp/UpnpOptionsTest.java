package io.libonomy.p2p.upnp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.api.InvalidConfigException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

class UpnpOptionsTest {

  @Test
  void defaultsFollowTheSeed() {
    UpnpOptions defaults = UpnpOptions.defaults();

    assertThat(defaults.ssdpTarget().getAddress().getHostAddress()).isEqualTo("239.255.255.250");
    assertThat(defaults.ssdpTarget().getPort()).isEqualTo(1900);
    assertThat(defaults.searchWindow()).isEqualTo(Duration.ofSeconds(2));
    assertThat(defaults.searchAttempts()).isEqualTo(3);
    assertThat(defaults.retryBackoff()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.maxResponseBytes()).isEqualTo(64 * 1024);
    assertThat(defaults.loopbackOnly()).isFalse();
    assertThat(defaults.timer()).isSameAs(Schedulers.parallel());
  }

  @Test
  void withersReplaceOneComponent() {
    UpnpOptions options = UpnpOptions.defaults()
        .withSsdpTarget(new InetSocketAddress("127.0.0.1", 1901))
        .withSearchWindow(Duration.ofMillis(10))
        .withSearchAttempts(7)
        .withRetryBackoff(Duration.ZERO)
        .withRequestTimeout(Duration.ofSeconds(1))
        .withMaxResponseBytes(2048)
        .withLoopbackOnly(true);

    assertThat(options).isEqualTo(new UpnpOptions(new InetSocketAddress("127.0.0.1", 1901),
        Duration.ofMillis(10), 7, Duration.ZERO, Duration.ofSeconds(1), 2048, true,
        Schedulers.parallel()));
  }

  @Test
  void invalidValuesAreRefusedNamingTheComponent() {
    UpnpOptions defaults = UpnpOptions.defaults();

    assertRefused(() -> defaults.withSearchAttempts(0), "searchAttempts");
    assertRefused(() -> defaults.withSearchWindow(Duration.ZERO), "searchWindow");
    assertRefused(() -> defaults.withRequestTimeout(Duration.ofSeconds(-1)), "requestTimeout");
    assertRefused(() -> defaults.withRetryBackoff(Duration.ofSeconds(-1)), "retryBackoff");
    assertRefused(() -> defaults.withMaxResponseBytes(100), "maxResponseBytes");
    assertRefused(() -> defaults.withSsdpTarget(
        InetSocketAddress.createUnresolved("gateway.example", 1900)), "ssdpTarget");
    assertRefused(() -> defaults.withSsdpTarget(new InetSocketAddress("127.0.0.1", 0)),
        "ssdpTarget");
    assertRefused(() -> defaults.withSsdpTarget(null), "ssdpTarget");
    assertRefused(() -> defaults.withTimer(null), "timer");
  }

  private static void assertRefused(Runnable change, String component) {
    assertThatThrownBy(change::run)
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith(component + " ");
  }
}
