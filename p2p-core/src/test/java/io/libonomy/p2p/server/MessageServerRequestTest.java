package io.libonomy.p2p.server;

import static io.libonomy.p2p.server.ServerTests.DEADLINE;
import static io.libonomy.p2p.server.ServerTests.LIFETIME;
import static io.libonomy.p2p.server.ServerTests.PROTOCOL;
import static io.libonomy.p2p.server.ServerTests.bytes;
import static io.libonomy.p2p.server.ServerTests.count;
import static io.libonomy.p2p.server.ServerTests.sent;
import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.api.NotConnectedException;
import io.libonomy.p2p.api.RemoteRequestException;
import io.libonomy.p2p.api.RequestRejectedException;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.EnvelopeKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The requester side: answers are bound to the peer and message type the request went to, the
 * pending table is bounded, ids are random. "bob" is a bare channel the test answers by hand.
 */
class MessageServerRequestTest {

  private final Scheduler net = Schedulers.newSingle("net");
  private final InMemoryNetwork network = new InMemoryNetwork(net, 1024);
  private final MeterRegistry meters = new SimpleMeterRegistry();
  private final InMemoryNetwork.Node clientNode = network.node("client");
  private final InMemoryNetwork.Node bob = network.node("bob");
  private final InMemoryNetwork.Node mallory = network.node("mallory");
  private final List<InboundEnvelope> bobReceived = new CopyOnWriteArrayList<>();
  private final Disposable bobListening = bob.listen(PROTOCOL).subscribe(bobReceived::add);
  private MessageServer client = MessageServer.on(clientNode, PROTOCOL, LIFETIME, meters);

  @AfterEach
  void closeEverything() {
    client.close().block(DEADLINE);
    bobListening.dispose();
    net.dispose();
  }

  @Test
  void dropsAnAnswerFromAThirdPeerAndCompletesWithTheRealOne() {
    StepVerifier.create(client.request(bob.endpoint(), 1, bytes("q")).map(ServerTests::text))
        .expectSubscription()
        .then(() -> {
          long reqId = requestToBob().reqId();
          deliver(mallory.send(clientNode.endpoint(),
              Envelope.response(PROTOCOL, 1, reqId, bytes("forged"))));
          assertThat(count(meters, "p2p.requests.dropped", "protocol", PROTOCOL,
              "reason", "wrong_peer")).isEqualTo(1);
          assertThat(client.pendingRequests()).isEqualTo(1);
          deliver(bob.send(clientNode.endpoint(),
              Envelope.response(PROTOCOL, 1, reqId, bytes("real"))));
        })
        .expectNext("real")
        .expectComplete()
        .verify(DEADLINE);
  }

  @Test
  void dropsAnAnswerFromThePeersKeyAtAnotherAddress() {
    Endpoint spoofed = Endpoint.of(bob.endpoint().key(),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 9));

    StepVerifier.create(client.request(bob.endpoint(), 1, bytes("q")).map(ServerTests::text))
        .expectSubscription()
        .then(() -> {
          long reqId = requestToBob().reqId();
          deliver(network.inject(spoofed, clientNode,
              Envelope.response(PROTOCOL, 1, reqId, bytes("spoofed"))));
          deliver(bob.send(clientNode.endpoint(),
              Envelope.response(PROTOCOL, 1, reqId, bytes("real"))));
        })
        .expectNext("real")
        .expectComplete()
        .verify(DEADLINE);

    assertThat(count(meters, "p2p.requests.dropped", "reason", "wrong_peer")).isEqualTo(1);
  }

  @Test
  void dropsAnAnswerWithAnotherMessageTypeOrAnUnknownReqId() {
    StepVerifier.create(client.request(bob.endpoint(), 1, bytes("q")))
        .expectSubscription()
        .then(() -> {
          long reqId = requestToBob().reqId();
          deliver(bob.send(clientNode.endpoint(),
              Envelope.response(PROTOCOL, 2, reqId, bytes("other type"))));
          deliver(bob.send(clientNode.endpoint(),
              Envelope.requestError(PROTOCOL, 1, reqId ^ 1, "not yours")));
          assertThat(client.pendingRequests()).isEqualTo(1);
          deliver(bob.send(clientNode.endpoint(),
              Envelope.requestError(PROTOCOL, 1, reqId, "real error")));
        })
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(
            RemoteRequestException.class, r -> assertThat(r.reason()).isEqualTo("real error")))
        .verify(DEADLINE);

    assertThat(count(meters, "p2p.requests.dropped", "reason", "wrong_msg_type")).isEqualTo(1);
    assertThat(count(meters, "p2p.requests.dropped", "reason", "unknown_request")).isEqualTo(1);
  }

  @Test
  void failsFastWhenThePendingTableIsFull() {
    client.close().block(DEADLINE);
    client = MessageServer.on(clientNode, PROTOCOL, LIFETIME, meters,
        MessageServer.Options.defaults().withMaxPendingRequests(10));
    Disposable.Composite outstanding = Disposables.composite();
    IntStream.range(0, 10).forEach(i ->
        outstanding.add(client.request(bob.endpoint(), 1, bytes("q" + i)).subscribe(
            answer -> { }, error -> { })));
    assertThat(client.pendingRequests()).isEqualTo(10);

    StepVerifier.create(client.request(bob.endpoint(), 1, bytes("one too many")))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(RequestRejectedException.class)
            .hasMessageContaining("10 requests are pending"))
        .verify(DEADLINE);

    assertThat(client.pendingRequests()).isEqualTo(10);
    assertThat(sent(network, bob.endpoint(), EnvelopeKind.REQUEST)).hasSize(10);
    assertThat(count(meters, "p2p.requests", "result", "rejected")).isEqualTo(1);
    outstanding.dispose();
    assertThat(client.pendingRequests()).isZero();
  }

  @Test
  void cancellingARequestRemovesItsPendingEntry() {
    StepVerifier.create(client.request(bob.endpoint(), 1, bytes("q")))
        .expectSubscription()
        .then(() -> assertThat(client.pendingRequests()).isEqualTo(1))
        .thenCancel()
        .verify(DEADLINE);

    assertThat(client.pendingRequests()).isZero();
    assertThat(meters.get("p2p.requests.pending").tag("protocol", PROTOCOL).gauge().value())
        .isZero();
    assertThat(count(meters, "p2p.requests", "result", "cancelled")).isEqualTo(1);
  }

  @Test
  void drawsRequestIdsThatAreNeitherSequentialNorClose() {
    Disposable.Composite outstanding = Disposables.composite();
    IntStream.range(0, 100).forEach(i ->
        outstanding.add(client.request(bob.endpoint(), 1, bytes("q" + i)).subscribe(
            answer -> { }, error -> { })));

    List<Long> ids = sent(network, bob.endpoint(), EnvelopeKind.REQUEST).stream()
        .map(Envelope::reqId).toList();
    outstanding.dispose();

    assertThat(ids).hasSize(100).allSatisfy(id -> assertThat(id).isPositive());
    assertThat(new HashSet<>(ids)).hasSize(100);
    List<Long> sorted = ids.stream().sorted().toList();
    // 100 uniform 63-bit ids: the closest pair is ~2^63 / 100^2 apart; 2^20 fails ~never
    assertThat(IntStream.range(1, sorted.size()).mapToLong(i -> sorted.get(i) - sorted.get(i - 1)))
        .allSatisfy(gap -> assertThat(gap).isGreaterThan(1L << 20));
    assertThat(ids).isNotEqualTo(sorted);
  }

  @Test
  void failsWithTheChannelsErrorWhenSendingFails() {
    Endpoint nowhere = Endpoint.of(PublicKey.of(new byte[32]));

    StepVerifier.create(client.request(nowhere, 1, bytes("q")))
        .expectError(NotConnectedException.class)
        .verify(DEADLINE);

    assertThat(client.pendingRequests()).isZero();
    assertThat(count(meters, "p2p.requests", "result", "send_failed")).isEqualTo(1);
  }

  @Test
  void answeringIsLeftToTheDestinationOnly() {
    Mono<byte[]> reply = client.request(bob.endpoint(), 1, bytes("who answers?"));

    StepVerifier.create(reply.map(ServerTests::text))
        .expectSubscription()
        .then(() -> {
          InboundEnvelope received = awaitBobReceived();
          assertThat(received.from()).isEqualTo(clientNode.endpoint());
          assertThat(received.envelope().msgType()).isEqualTo(1);
          deliver(bob.send(received.from(), Envelope.response(PROTOCOL, 1,
              received.envelope().reqId(), bytes("bob"))));
        })
        .expectNext("bob")
        .expectComplete()
        .verify(DEADLINE);
  }

  /** The REQUEST the client sent to bob; recorded when the request was subscribed. */
  private Envelope requestToBob() {
    List<Envelope> requests = sent(network, bob.endpoint(), EnvelopeKind.REQUEST);
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  private InboundEnvelope awaitBobReceived() {
    StepVerifier.create(network.settle()).expectComplete().verify(DEADLINE);
    assertThat(bobReceived).hasSize(1);
    return bobReceived.get(0);
  }

  private static void deliver(Mono<Void> send) {
    StepVerifier.create(send).expectComplete().verify(DEADLINE);
  }
}
