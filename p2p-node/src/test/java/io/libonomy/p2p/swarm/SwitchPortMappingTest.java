package io.libonomy.p2p.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.testing.Await;
import io.libonomy.p2p.upnp.FakeGateway;
import io.libonomy.p2p.upnp.SoapCall;
import io.libonomy.p2p.upnp.UpnpOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * {@code p2p.acquire-port}: a started node maps its TCP and UDP port on a UPnP gateway (a fake
 * one on loopback) in the background and deletes the mappings at shutdown; without a gateway,
 * or with one that refuses, it runs on unmapped.
 */
class SwitchPortMappingTest {

  private final List<Switch> started = new ArrayList<>();
  private final List<FakeGateway> gateways = new ArrayList<>();
  private final MeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void stop() {
    Flux.fromIterable(started).flatMap(Switch::shutdown).then().block(TestNodes.TIMEOUT);
    gateways.forEach(FakeGateway::close);
  }

  private FakeGateway gateway() {
    FakeGateway gateway = FakeGateway.start();
    gateways.add(gateway);
    return gateway;
  }

  /** The node under test, whose meters {@link #mappings} reads. */
  private Switch start(boolean acquirePort, UpnpOptions upnp) {
    return start(acquirePort, upnp, registry);
  }

  /** A peer of the node under test, with meters of its own. */
  private Switch startPeer(UpnpOptions upnp) {
    return start(false, upnp, new SimpleMeterRegistry());
  }

  private Switch start(boolean acquirePort, UpnpOptions upnp, MeterRegistry meters) {
    Switch node = SwitchFactory.create(TestNodes.loopback().withAcquirePort(acquirePort),
        KeyPair.generate(), meters, upnp);
    started.add(node);
    node.start().block(TestNodes.TIMEOUT);
    return node;
  }

  private double mappings(String result) {
    var counter = registry.find(PortMapping.METER).tag("result", result).counter();
    return counter == null ? 0 : counter.count();
  }

  private static List<SoapCall> calls(FakeGateway gateway, String action) {
    return gateway.calls().stream().filter(c -> c.action().equals(action)).toList();
  }

  @Test
  void aStartedNodeMapsItsTcpAndUdpPortAndDeletesBothAtShutdown() {
    FakeGateway gateway = gateway();
    Switch node = start(true, gateway.options());
    String port = String.valueOf(node.localNode().tcpPort());

    Await.until(() -> mappings("mapped") == 1, TestNodes.TIMEOUT, "the port mapped");
    List<SoapCall> added = calls(gateway, "AddPortMapping");
    assertThat(added).extracting(c -> c.arguments().get("NewProtocol"))
        .containsExactly("TCP", "UDP");
    for (SoapCall call : added) {
      Map<String, String> arguments = call.arguments();
      assertThat(arguments.get("NewExternalPort")).isEqualTo(port);
      assertThat(arguments.get("NewInternalPort")).isEqualTo(port);
      assertThat(arguments.get("NewInternalClient")).isEqualTo("127.0.0.1");
      assertThat(arguments.get("NewLeaseDuration")).isEqualTo("0");
      assertThat(arguments.get("NewPortMappingDescription"))
          .isEqualTo("libonomy-p2p " + node.localKey().shortId());
    }

    node.shutdown().block(TestNodes.TIMEOUT);

    assertThat(calls(gateway, "DeletePortMapping"))
        .extracting(c -> c.arguments().get("NewProtocol") + " " + c.arguments()
            .get("NewExternalPort"))
        .containsExactly("TCP " + port, "UDP " + port);
    assertThat(mappings("released")).isEqualTo(2);
  }

  @Test
  void withoutAGatewayTheNodeStartsAtOnceAndServesUnmapped() {
    FakeGateway gateway = gateway().silent();
    Switch node = start(true, gateway.options());
    Switch peer = startPeer(gateway.options());

    // start did not wait for the search: the node serves while it goes on
    peer.connect(node.localNode()).block(TestNodes.TIMEOUT);
    Await.until(() -> mappings("no_gateway") == 1, TestNodes.TIMEOUT, "the search given up");

    assertThat(gateway.searches()).hasSize(gateway.options().searchAttempts());
    assertThat(gateway.calls()).isEmpty();
    node.shutdown().block(TestNodes.TIMEOUT);
    assertThat(gateway.calls()).as("nothing to delete").isEmpty();
  }

  @Test
  void aGatewayThatRefusesTheMappingLeavesTheNodeRunningAndNothingToDelete() {
    FakeGateway gateway = gateway().failControlWithUpnpError(718, "ConflictInMappingEntry");
    Switch node = start(true, gateway.options());
    Switch peer = startPeer(gateway.options());

    Await.until(() -> mappings("failed") == 1, TestNodes.TIMEOUT, "the refusal counted");
    peer.connect(node.localNode()).block(TestNodes.TIMEOUT);
    node.shutdown().block(TestNodes.TIMEOUT);

    assertThat(calls(gateway, "AddPortMapping")).hasSize(1);
    assertThat(calls(gateway, "DeletePortMapping")).isEmpty();
  }

  @Test
  void aShutdownDuringTheSearchEndsItAndMapsNothing() {
    FakeGateway gateway = gateway().silent();
    UpnpOptions slow = gateway.options().withSearchWindow(Duration.ofMinutes(1));
    Switch node = start(true, slow);
    Await.until(() -> !gateway.searches().isEmpty(), TestNodes.TIMEOUT, "the search sent");

    node.shutdown().block(Duration.ofSeconds(5));

    assertThat(gateway.calls()).isEmpty();
    assertThat(mappings("mapped") + mappings("no_gateway") + mappings("failed")).isZero();
  }

  @Test
  void withAcquirePortOffTheNodeNeverSearches() {
    FakeGateway gateway = gateway();
    Switch node = start(false, gateway.options());
    Switch peer = startPeer(gateway.options());

    peer.connect(node.localNode()).block(TestNodes.TIMEOUT);
    node.shutdown().block(TestNodes.TIMEOUT);

    assertThat(gateway.searches()).isEmpty();
    assertThat(gateway.calls()).isEmpty();
  }
}
