package io.libonomy.p2p.upnp;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.testing.Await;
import io.libonomy.p2p.upnp.FakeGateway.ControlUrlStyle;
import io.libonomy.p2p.upnp.FakeGateway.Fault;
import io.libonomy.p2p.upnp.FakeGateway.Service;
import io.libonomy.p2p.upnp.UpnpException.Reason;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class UpnpDiscoveryTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @ParameterizedTest
  @EnumSource(Service.class)
  void findsTheWanConnectionServiceOfEachVariant(Service service) {
    try (FakeGateway fake = FakeGateway.start(service, ControlUrlStyle.RELATIVE)) {
      Gateway gateway = Upnp.discover(fake.options()).block(TIMEOUT);

      assertThat(gateway).isNotNull();
      assertThat(gateway.serviceType()).isEqualTo(fake.serviceType());
      assertThat(gateway.controlUrl()).isEqualTo(fake.controlUrl());
    }
  }

  @Test
  void prefersWanPppConnectionOverWanIpConnectionListedBeforeIt() {
    try (FakeGateway fake = FakeGateway.start(Service.WAN_PPP_1, ControlUrlStyle.RELATIVE)) {
      Gateway gateway = Upnp.discover(fake.options()).block(TIMEOUT);

      assertThat(gateway.serviceType())
          .isEqualTo("urn:schemas-upnp-org:service:WANPPPConnection:1");
      assertThat(gateway.controlUrl().getPath()).isEqualTo("/ctl");
    }
  }

  @ParameterizedTest
  @EnumSource(ControlUrlStyle.class)
  void resolvesRelativeAbsoluteAndUrlBaseControlUrls(ControlUrlStyle style) {
    try (FakeGateway fake = FakeGateway.start(Service.WAN_IP_1, style)) {
      Gateway gateway = Upnp.discover(fake.options()).block(TIMEOUT);

      assertThat(gateway.controlUrl()).isEqualTo(fake.controlUrl());
      if (style == ControlUrlStyle.URL_BASE) {
        assertThat(gateway.controlUrl().getPath()).isEqualTo("/base/ctl");
      }
    }
  }

  @Test
  void localAddressOfALoopbackGatewayIsLoopback() throws Exception {
    try (FakeGateway fake = FakeGateway.start()) {
      Gateway gateway = Upnp.discover(fake.options()).block(TIMEOUT);

      assertThat(gateway.localAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
    }
  }

  @Test
  void sendsOneSsdpSearchForAnInternetGatewayDevice() {
    try (FakeGateway fake = FakeGateway.start()) {
      Upnp.discover(fake.options()).block(TIMEOUT);

      assertThat(fake.searches()).hasSize(1);
      String search = fake.searches().get(0);
      assertThat(search).startsWith("M-SEARCH * HTTP/1.1\r\n").endsWith("\r\n\r\n");
      assertThat(search.split("\r\n")).contains(
          "HOST: 127.0.0.1:" + fake.ssdpAddress().getPort(),
          "MAN: \"ssdp:discover\"",
          "MX: 2",
          "ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1");
      assertThat(fake.requests()).containsExactly("GET /desc.xml");
    }
  }

  @Test
  void nothingIsSentBeforeSubscription() {
    try (FakeGateway fake = FakeGateway.start()) {
      Mono<Gateway> discovery = Upnp.discover(fake.options());

      assertThat(fake.searches()).isEmpty();
      assertThat(discovery.block(TIMEOUT)).isNotNull();
    }
  }

  @Test
  void failsWithNoGatewayAfterEverySearchWentUnanswered() {
    try (FakeGateway fake = FakeGateway.start().silent()) {
      StepVerifier.create(Upnp.discover(fake.options()))
          .expectErrorSatisfies(error -> assertThat(error)
              .isInstanceOfSatisfying(UpnpException.class,
                  e -> assertThat(e.reason()).isEqualTo(Reason.NO_GATEWAY))
              .hasMessage("no UPnP gateway found after 3 searches"))
          .verify(TIMEOUT);

      assertThat(fake.searches()).hasSize(3);
    }
  }

  @Test
  void skipsAMalformedAnswerAndUsesTheGoodOneFromTheSameSearch() {
    try (FakeGateway fake = FakeGateway.start()) {
      fake.answerWith(List.of(
          "HTTP/1.1 200 OK\r\nLOCATION: ::not a url::\r\n\r\n",
          "garbage \u0000\u0001 not http at all",
          "HTTP/1.1 200 OK\r\nST: no location\r\n\r\n",
          FakeGateway.answer(fake.descriptionUrl())));

      Gateway gateway = Upnp.discover(fake.options()).block(TIMEOUT);

      assertThat(gateway.controlUrl()).isEqualTo(fake.controlUrl());
      assertThat(fake.searches()).hasSize(1);
    }
  }

  @Test
  void ignoresAnAnswerWhoseLocationIsNotOnTheResponder() {
    // the SSDP responder answers from 127.0.0.1 with a LOCATION on 127.0.0.2
    try (FakeGateway thirdParty =
        FakeGateway.start(Service.WAN_IP_1, ControlUrlStyle.RELATIVE, "127.0.0.2")) {
      assertThat(thirdParty.descriptionUrl().getHost()).isEqualTo("127.0.0.2");

      expectNoGateway(thirdParty.options());

      assertThat(thirdParty.searches()).hasSize(3);
      assertThat(thirdParty.requests()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://127.0.0.2:%d/ctl", "http://localhost:%d/ctl", "https://127.0.0.1:%d/ctl"})
  void skipsADescriptionWhoseControlUrlIsNotPlainHttpOnTheResponder(String controlUrl) {
    try (FakeGateway fake = FakeGateway.start()) {
      fake.describeControlUrl(controlUrl.formatted(fake.descriptionUrl().getPort()));

      expectNoGateway(fake.options().withSearchAttempts(1));

      assertThat(fake.requests()).containsExactly("GET /desc.xml");
    }
  }

  @Test
  void refusesAnOversizedDescription() {
    try (FakeGateway fake = FakeGateway.start().failDescription(Fault.OVERSIZED_BODY)) {
      expectNoGateway(fake.options().withSearchAttempts(1));

      assertThat(fake.requests()).containsExactly("GET /desc.xml");
    }
  }

  @Test
  void acceptsALargeDescriptionWithinARaisedLimit() {
    try (FakeGateway fake = FakeGateway.start().failDescription(Fault.OVERSIZED_BODY)) {
      Gateway gateway = Upnp.discover(fake.options().withMaxResponseBytes(1024 * 1024))
          .block(TIMEOUT);

      assertThat(gateway.controlUrl()).isEqualTo(fake.controlUrl());
    }
  }

  @ParameterizedTest
  @EnumSource(value = Fault.class, names = {"HTTP_500", "MALFORMED_XML", "NEVER_ANSWER"})
  void skipsADescriptionThatCannotBeUsed(Fault fault) {
    try (FakeGateway fake = FakeGateway.start().failDescription(fault)) {
      UpnpOptions options = fake.options()
          .withSearchAttempts(1)
          .withRequestTimeout(Duration.ofMillis(200));

      expectNoGateway(options);
    }
  }

  @Test
  void doesNotResolveEntitiesDeclaredByADescription() {
    try (FakeGateway fake = FakeGateway.start().failDescription(Fault.XXE)) {
      expectNoGateway(fake.options().withSearchAttempts(1));

      assertThat(fake.requests()).containsExactly("GET /desc.xml");
    }
  }

  @Test
  void cancellingDiscoveryStopsSearching() {
    try (FakeGateway fake = FakeGateway.start().silent()) {
      UpnpOptions options = fake.options()
          .withSearchAttempts(100)
          .withSearchWindow(Duration.ofMillis(100))
          .withRetryBackoff(Duration.ZERO);
      AtomicReference<Object> outcome = new AtomicReference<>();
      Disposable discovery = Upnp.discover(options).subscribe(outcome::set, outcome::set);
      Await.awaitTrue("first search", () -> !fake.searches().isEmpty(), TIMEOUT);

      discovery.dispose();
      int searched = fake.searches().size();

      assertThat(Await.holdsWithin(() -> fake.searches().size() > searched + 1,
          Duration.ofMillis(500))).as("searches after cancel").isFalse();
      assertThat(outcome.get()).isNull();
    }
  }

  private static void expectNoGateway(UpnpOptions options) {
    StepVerifier.create(Upnp.discover(options))
        .expectErrorSatisfies(error -> assertReason(error, Reason.NO_GATEWAY))
        .verify(TIMEOUT);
  }

  static void assertReason(Throwable error, Reason reason) {
    assertThat(error).isInstanceOfSatisfying(UpnpException.class,
        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
  }
}
