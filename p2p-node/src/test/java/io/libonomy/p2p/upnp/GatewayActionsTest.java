package io.libonomy.p2p.upnp;

import static io.libonomy.p2p.upnp.UpnpDiscoveryTest.assertReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.libonomy.p2p.api.InvalidConfigException;
import io.libonomy.p2p.upnp.FakeGateway.ControlUrlStyle;
import io.libonomy.p2p.upnp.FakeGateway.Fault;
import io.libonomy.p2p.upnp.FakeGateway.Service;
import io.libonomy.p2p.upnp.UpnpException.Reason;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class GatewayActionsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static Gateway discover(FakeGateway fake) {
    return Upnp.discover(fake.options().withRequestTimeout(Duration.ofMillis(500)))
        .block(TIMEOUT);
  }

  @Test
  void addPortMappingSendsExactlyTheActionsArgumentsWithTheDescriptionEscaped() throws Exception {
    try (FakeGateway fake = FakeGateway.start()) {
      Gateway gateway = discover(fake);

      gateway.addPortMapping(7513, Protocol.TCP, 7514, InetAddress.getByName("127.0.0.1"),
          "libonomy:<me>&\"you\"@host", Duration.ZERO).block(TIMEOUT);

      assertThat(fake.calls()).hasSize(1);
      SoapCall call = fake.calls().get(0);
      assertThat(call.path()).isEqualTo("/ctl");
      assertThat(call.contentType()).isEqualTo("text/xml; charset=\"utf-8\"");
      assertThat(call.soapAction())
          .isEqualTo("\"urn:schemas-upnp-org:service:WANIPConnection:1#AddPortMapping\"");
      assertThat(call.action()).isEqualTo("AddPortMapping");
      assertThat(call.serviceType()).isEqualTo("urn:schemas-upnp-org:service:WANIPConnection:1");
      assertThat(call.arguments()).containsExactly(
          entry("NewRemoteHost", ""),
          entry("NewExternalPort", "7513"),
          entry("NewProtocol", "TCP"),
          entry("NewInternalPort", "7514"),
          entry("NewInternalClient", "127.0.0.1"),
          entry("NewEnabled", "1"),
          entry("NewPortMappingDescription", "libonomy:<me>&\"you\"@host"),
          entry("NewLeaseDuration", "0"));
      assertThat(call.body()).contains("libonomy:&lt;me&gt;&amp;&quot;you&quot;@host");
    }
  }

  @Test
  void addPortMappingSendsTheLeaseInSecondsToTheChosenService() throws Exception {
    try (FakeGateway fake = FakeGateway.start(Service.WAN_PPP_1, ControlUrlStyle.URL_BASE)) {
      Gateway gateway = discover(fake);

      gateway.addPortMapping(40000, Protocol.UDP, 40001, gateway.localAddress(), "d",
          Duration.ofHours(1)).block(TIMEOUT);

      SoapCall call = fake.calls().get(0);
      assertThat(call.path()).isEqualTo("/base/ctl");
      assertThat(call.soapAction())
          .isEqualTo("\"urn:schemas-upnp-org:service:WANPPPConnection:1#AddPortMapping\"");
      assertThat(call.arguments())
          .contains(entry("NewProtocol", "UDP"), entry("NewLeaseDuration", "3600"));
    }
  }

  @Test
  void deletePortMappingSendsExactlyTheActionsArguments() {
    try (FakeGateway fake = FakeGateway.start()) {
      Gateway gateway = discover(fake);

      gateway.deletePortMapping(7513, Protocol.UDP).block(TIMEOUT);

      SoapCall call = fake.calls().get(0);
      assertThat(call.soapAction())
          .isEqualTo("\"urn:schemas-upnp-org:service:WANIPConnection:1#DeletePortMapping\"");
      assertThat(call.arguments()).containsExactly(
          entry("NewRemoteHost", ""), entry("NewExternalPort", "7513"), entry("NewProtocol", "UDP"));
    }
  }

  @Test
  void externalAddressParsesTheGatewaysAnswer() throws Exception {
    try (FakeGateway fake = FakeGateway.start().externalAddress("127.1.2.3")) {
      Gateway gateway = discover(fake);

      StepVerifier.create(gateway.externalAddress())
          .expectNext(InetAddress.getByName("127.1.2.3"))
          .verifyComplete();

      assertThat(fake.calls()).singleElement()
          .satisfies(call -> assertThat(call.action()).isEqualTo("GetExternalIPAddress"))
          .satisfies(call -> assertThat(call.arguments()).isEmpty());
    }
  }

  @Test
  void externalAddressThatIsNotAnIpLiteralIsMalformed() {
    try (FakeGateway fake = FakeGateway.start().externalAddress("")) {
      StepVerifier.create(discover(fake).externalAddress())
          .expectErrorSatisfies(error -> assertReason(error, Reason.MALFORMED_RESPONSE))
          .verify(TIMEOUT);
    }
  }

  @Test
  void aConflictFaultSurfacesWithUpnpErrorCode718() throws Exception {
    try (FakeGateway fake = FakeGateway.start()) {
      Gateway gateway = discover(fake);
      fake.failControlWithUpnpError(718, "ConflictInMappingEntry");

      StepVerifier.create(gateway.addPortMapping(7513, Protocol.TCP, 7513,
              InetAddress.getByName("127.0.0.1"), "d", Duration.ZERO))
          .expectErrorSatisfies(error -> assertThat(error)
              .isInstanceOfSatisfying(UpnpException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.SOAP_FAULT);
                assertThat(e.errorCode()).hasValue(718);
                assertThat(e.errorDescription()).isEqualTo("ConflictInMappingEntry");
              }))
          .verify(TIMEOUT);
    }
  }

  @Test
  void deletingAnUnknownMappingSurfacesUpnpErrorCode714() {
    try (FakeGateway fake = FakeGateway.start()) {
      Gateway gateway = discover(fake);
      fake.failControlWithUpnpError(714, "NoSuchEntryInArray");

      StepVerifier.create(gateway.deletePortMapping(7513, Protocol.TCP))
          .expectErrorSatisfies(error -> assertThat(((UpnpException) error).errorCode())
              .hasValue(714))
          .verify(TIMEOUT);
    }
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void aMisbehavingControlEndpointFailsWithATypedError(Fault fault) {
    Reason expected = switch (fault) {
      case HTTP_500 -> Reason.HTTP_STATUS;
      case NEVER_ANSWER -> Reason.TIMEOUT;
      case OVERSIZED_BODY -> Reason.RESPONSE_TOO_LARGE;
      case MALFORMED_XML, XXE -> Reason.MALFORMED_RESPONSE;
    };
    try (FakeGateway fake = FakeGateway.start()) {
      Gateway gateway = discover(fake);
      fake.failControl(fault);

      StepVerifier.create(gateway.externalAddress())
          .expectErrorSatisfies(error -> assertReason(error, expected))
          .verify(TIMEOUT);

      assertThat(fake.calls()).hasSize(1);
    }
  }

  @Test
  void acceptsALargeSoapResponseWithinARaisedLimit() throws Exception {
    try (FakeGateway fake = FakeGateway.start()) {
      Gateway gateway = Upnp.discover(fake.options().withMaxResponseBytes(1024 * 1024))
          .block(TIMEOUT);
      fake.failControl(Fault.OVERSIZED_BODY);

      assertThat(gateway.externalAddress().block(TIMEOUT))
          .isEqualTo(InetAddress.getByName("127.1.2.3"));
    }
  }

  @Test
  void doesNotResolveEntitiesDeclaredByASoapResponse() {
    try (FakeGateway fake = FakeGateway.start()) {
      Gateway gateway = discover(fake);
      fake.failControl(Fault.XXE);

      StepVerifier.create(gateway.externalAddress())
          .expectErrorSatisfies(error -> assertReason(error, Reason.MALFORMED_RESPONSE))
          .verify(TIMEOUT);

      assertThat(fake.requests()).doesNotContain("GET /xxe");
    }
  }

  @Test
  void actionsAreLazyAndRepeatOnEachSubscription() {
    try (FakeGateway fake = FakeGateway.start()) {
      Gateway gateway = discover(fake);

      Mono<Void> delete = gateway.deletePortMapping(7513, Protocol.TCP);
      assertThat(fake.calls()).isEmpty();

      delete.block(TIMEOUT);
      delete.block(TIMEOUT);
      assertThat(fake.calls()).hasSize(2);
    }
  }

  @Test
  void rejectsArgumentsOutOfRangeAtTheCall() throws Exception {
    try (FakeGateway fake = FakeGateway.start()) {
      Gateway gateway = discover(fake);
      InetAddress local = gateway.localAddress();

      assertThatThrownBy(() -> gateway.addPortMapping(0, Protocol.TCP, 1, local, "d", Duration.ZERO))
          .isInstanceOf(InvalidConfigException.class).hasMessageContaining("externalPort");
      assertThatThrownBy(() -> gateway.addPortMapping(1, Protocol.TCP, 65_536, local, "d",
          Duration.ZERO)).isInstanceOf(InvalidConfigException.class).hasMessageContaining("internalPort");
      assertThatThrownBy(() -> gateway.addPortMapping(1, Protocol.TCP, 1, local, "d",
          Duration.ofMillis(500))).isInstanceOf(InvalidConfigException.class).hasMessageContaining("lease");
      assertThatThrownBy(() -> gateway.deletePortMapping(70_000, Protocol.TCP))
          .isInstanceOf(InvalidConfigException.class).hasMessageContaining("externalPort");
      assertThat(fake.calls()).isEmpty();
    }
  }
}
