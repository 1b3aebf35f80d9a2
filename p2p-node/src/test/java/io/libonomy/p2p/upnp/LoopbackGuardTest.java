package io.libonomy.p2p.upnp;

import static io.libonomy.p2p.upnp.UpnpDiscoveryTest.assertReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.upnp.UpnpException.Reason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The only tests that name an address outside loopback (192.0.2.1, TEST-NET-1): each proves
 * the guard refuses it before anything is sent.
 */
class LoopbackGuardTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String NON_LOOPBACK = "192.0.2.1";

  @Test
  void theBuildTurnsTheGuardOnForEveryTestJvm() {
    assertThat(Boolean.getBoolean(UpnpOptions.LOOPBACK_ONLY_PROPERTY)).isTrue();
    assertThat(UpnpOptions.defaults().loopbackOnly()).isFalse();
    assertThat(UpnpOptions.defaults().enforcesLoopback()).isTrue();
  }

  @Test
  void refusesANonLoopbackSsdpTargetWithoutSending() throws Exception {
    // the property alone must hold, so the options leave loopbackOnly at its default (off);
    // should the property ever be missing, the first assertion stops the test before sending
    assertThat(Boolean.getBoolean(UpnpOptions.LOOPBACK_ONLY_PROPERTY)).isTrue();
    UpnpOptions options = UpnpOptions.defaults()
        .withSsdpTarget(new InetSocketAddress(InetAddress.getByName(NON_LOOPBACK), 1900))
        .withSearchAttempts(1);

    StepVerifier.create(Upnp.discover(options))
        .expectErrorSatisfies(error -> {
          assertReason(error, Reason.NON_LOOPBACK_REFUSED);
          assertThat(error).hasMessageContaining(NON_LOOPBACK);
        })
        .verify(TIMEOUT);
  }

  @Test
  void refusesASoapActionToANonLoopbackGatewayWithoutConnecting() throws Exception {
    assertThat(Boolean.getBoolean(UpnpOptions.LOOPBACK_ONLY_PROPERTY)).isTrue();
    UpnpOptions options = UpnpOptions.defaults();
    HttpTarget control =
        HttpTarget.of(URI.create("http://" + NON_LOOPBACK + ":5000/ctl")).orElseThrow();
    Gateway gateway = new IgdGateway(control, DeviceDescription.WAN_IP_1,
        InetAddress.getByName("127.0.0.1"), new GatewayHttp(options));

    StepVerifier.create(gateway.externalAddress())
        .expectErrorSatisfies(error -> assertReason(error, Reason.NON_LOOPBACK_REFUSED))
        .verify(TIMEOUT);
  }

  @Test
  void theOptionAloneAlsoRefusesWithoutSending() throws Exception {
    // the guard check itself, with the option on and no network code involved
    UpnpOptions options = UpnpOptions.defaults().withLoopbackOnly(true);

    assertThat(options.enforcesLoopback()).isTrue();
    assertThatThrownBy(() -> LoopbackGuard.permit(
            InetAddress.getByName(NON_LOOPBACK), options, "test"))
        .isInstanceOfSatisfying(UpnpException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NON_LOOPBACK_REFUSED));
    LoopbackGuard.permit(InetAddress.getByName("127.0.0.1"), options, "test");
    LoopbackGuard.permit(InetAddress.getByName("::1"), options, "test");
  }
}
