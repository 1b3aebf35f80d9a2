package io.libonomy.p2p.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.api.DirectMessage;
import io.libonomy.p2p.api.PeerEvent;
import io.libonomy.p2p.api.Direction;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.metrics.MeterNames;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.EnvelopeKind;
import io.libonomy.p2p.net.tcp.SecureConnection;
import io.libonomy.p2p.net.tcp.TcpTransport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * How the router treats each envelope kind from a live peer (a bare transport here, so the
 * test can send what a Switch never would).
 */
class SwitchEnvelopeHandlingTest {

  private final TestNodes nodes = new TestNodes();
  private final TcpTransport peer = TcpTransport.create(TestNodes.loopback(), KeyPair.generate(),
      Clock.systemUTC(), new SimpleMeterRegistry());

  @AfterEach
  void shutdown() {
    peer.shutdown().block(TestNodes.TIMEOUT);
    nodes.close();
  }

  private SecureConnection dial(Switch node) {
    return peer.dial(node.localNode().tcpAddress(), node.localKey()).block(TestNodes.TIMEOUT);
  }

  private static double count(MeterRegistry registry, String name, String... tags) {
    Counter counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  private static void assertStillDelivers(SecureConnection connection, Switch node) {
    Mono<DirectMessage> next = node.direct("alive/1").next().cache();
    next.subscribe(m -> { }, e -> { });
    connection.send(Envelope.direct("alive/1", "yes".getBytes(StandardCharsets.UTF_8)))
        .block(TestNodes.TIMEOUT);
    assertThat(new String(next.block(TestNodes.TIMEOUT).payload(), StandardCharsets.UTF_8))
        .isEqualTo("yes");
  }

  @Test
  void answersARequestWithNoHandlerAndKeepsTheConnection() {
    Switch node = nodes.start();
    SecureConnection connection = dial(node);
    Mono<Envelope> answer = connection.inbound().next().cache();
    answer.subscribe(e -> { }, e -> { });

    connection.send(Envelope.request("sync/1", 7, 42, "ping".getBytes())).block(TestNodes.TIMEOUT);

    Envelope reply = answer.block(TestNodes.TIMEOUT);
    assertThat(reply.kind()).isEqualTo(EnvelopeKind.REQUEST_ERROR);
    assertThat(reply.protocol()).isEqualTo("sync/1");
    assertThat(reply.msgType()).isEqualTo(7);
    assertThat(reply.reqId()).isEqualTo(42);
    assertThat(new String(reply.payload(), StandardCharsets.UTF_8)).isEqualTo("no handler");
    assertStillDelivers(connection, node);
  }

  @Test
  void dropsAndCountsAnUnsolicitedResponseAndKeepsTheConnection() {
    TestNodes.Node node = nodes.start(c -> c);
    SecureConnection connection = dial(node.node());

    connection.send(Envelope.response("sync/1", 7, 99, new byte[] {1})).block(TestNodes.TIMEOUT);
    connection.send(new Envelope(EnvelopeKind.REQUEST_ERROR, "sync/1", 7, 98, new byte[0]))
        .block(TestNodes.TIMEOUT);

    assertStillDelivers(connection, node.node());
    assertThat(count(node.registry(), MeterNames.FRAMES_DROPPED,
        MeterNames.TAG_REASON, "unsolicited_response")).isEqualTo(2);
  }

  @Test
  void dropsAndCountsADirectMessageNobodySubscribedToAndKeepsTheConnection() {
    TestNodes.Node node = nodes.start(c -> c);
    SecureConnection connection = dial(node.node());

    connection.send(Envelope.direct("nobody/1", new byte[] {1})).block(TestNodes.TIMEOUT);

    assertStillDelivers(connection, node.node());
    assertThat(count(node.registry(), MeterNames.FRAMES_DROPPED,
        MeterNames.TAG_REASON, "no_subscriber", MeterNames.TAG_PROTOCOL, Router.OTHER_PROTOCOL))
        .isEqualTo(1);
    assertThat(connection.isOpen()).isTrue();
  }

  @Test
  void closesAConnectionThatSendsARequestWithIdZero() {
    TestNodes.Node node = nodes.start(c -> c);
    SecureConnection connection = dial(node.node());

    connection.send(new Envelope(EnvelopeKind.REQUEST, "sync/1", 1, 0, new byte[0]))
        .block(TestNodes.TIMEOUT);

    StepVerifier.create(connection.onClose()).expectComplete().verify(TestNodes.TIMEOUT);
    assertThat(count(node.registry(), MeterNames.PROTOCOL_VIOLATIONS,
        MeterNames.TAG_REASON, "request_id_zero")).isEqualTo(1);
  }

  @Test
  void peerEventsReplayTheCurrentPeersThenFollowChanges() {
    Switch a = nodes.start();
    Switch b = nodes.start();
    StepVerifier.Step<PeerEvent> live = StepVerifier.create(a.peerEvents()).expectSubscription();

    b.connect(a.localNode()).block(TestNodes.TIMEOUT);

    live.expectNext(new PeerEvent.Connected(b.localKey(), Direction.INBOUND))
        .then(() -> StepVerifier.create(a.peerEvents().take(1))
            .expectNext(new PeerEvent.Connected(b.localKey(), Direction.INBOUND))
            .verifyComplete())
        .then(() -> b.shutdown().block(TestNodes.TIMEOUT))
        .expectNext(new PeerEvent.Disconnected(b.localKey(), Direction.INBOUND))
        .thenCancel()
        .verify(TestNodes.TIMEOUT);
    assertThat(a.connectedPeers()).isEmpty();
  }

  @Test
  void peerGaugesCountEachDirection() {
    TestNodes.Node a = nodes.start(c -> c);
    Switch b = nodes.start();

    a.node().connect(b.localNode()).block(TestNodes.TIMEOUT);

    assertThat(a.registry().get(MeterNames.PEERS).tag(MeterNames.TAG_DIRECTION, "out").gauge()
        .value()).isEqualTo(1);
    assertThat(a.registry().get(MeterNames.PEERS).tag(MeterNames.TAG_DIRECTION, "in").gauge()
        .value()).isZero();
    assertThat(a.node().connectedPeers()).containsExactly(b.localKey());
  }

  @Test
  void shutdownIsIdempotentAndCompletesProtocolStreams() {
    Switch a = nodes.start();
    StepVerifier.Step<DirectMessage> stream = StepVerifier.create(a.direct("x/1"))
        .expectSubscription();

    a.shutdown().block(TestNodes.TIMEOUT);
    a.shutdown().block(TestNodes.TIMEOUT);

    stream.expectComplete().verify(TestNodes.TIMEOUT);
    StepVerifier.create(a.start()).expectError().verify(Duration.ofSeconds(5));
  }
}
