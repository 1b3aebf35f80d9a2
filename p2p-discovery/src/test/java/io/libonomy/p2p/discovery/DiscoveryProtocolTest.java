package io.libonomy.p2p.discovery;

import static io.libonomy.p2p.discovery.LoopbackNodes.LOOPBACK;
import static io.libonomy.p2p.discovery.LoopbackNodes.SHORT_LIFETIME;
import static io.libonomy.p2p.discovery.LoopbackNodes.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.api.MalformedMessageException;
import io.libonomy.p2p.api.RemoteRequestException;
import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.api.RequestTimeoutException;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.discovery.LoopbackNodes.Node;
import io.libonomy.p2p.discovery.LoopbackNodes.Spec;
import io.libonomy.p2p.identity.NodeInfo;
import io.libonomy.p2p.net.udp.UdpMux;
import io.libonomy.p2p.server.Endpoint;
import io.libonomy.p2p.server.MessageServer;
import io.libonomy.p2p.testing.Await;
import io.libonomy.p2p.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The seed's protocol_test in Java, on real sockets, plus §5.6's endpoint proof and limits. */
class DiscoveryProtocolTest {

  private final LoopbackNodes network = new LoopbackNodes();
  private final SplittableRandom random = new SplittableRandom(31);

  @AfterEach
  void shutDown() {
    network.close();
  }

  private List<NodeInfo> publicNodes(int count) {
    return IntStream.range(0, count).mapToObj(i -> TestNodes.publicNode(random)).toList();
  }

  /** A responder whose book shares exactly {@code cache}. */
  private Node responderSharing(List<NodeInfo> cache) {
    return network.start(Spec.defaults().book(self -> new FixedCacheBook(self, cache)));
  }

  /** A bare message server on the discovery protocol: it answers no PING, so proves nothing. */
  private MessageServer rawRequester() {
    UdpMux mux = network.bareMux(KeyPair.generate());
    return MessageServer.on(mux, DiscoveryProtocol.PROTOCOL, Duration.ofSeconds(1),
        new SimpleMeterRegistry());
  }

  private static Endpoint endpoint(Node node) {
    return Endpoint.of(node.identity().publicKey(), node.udpAddress());
  }

  @Test
  void pingBothWaysSucceeds() {
    Node a = network.start();
    Node b = network.start();

    StepVerifier.create(a.discovery().ping(b.info()))
        .expectNext(new PingResult(b.identity().publicKey(), LOOPBACK, a.mux().port(),
            a.mux().port()))
        .verifyComplete();
    StepVerifier.create(b.discovery().ping(a.info()))
        .expectNext(new PingResult(a.identity().publicKey(), LOOPBACK, b.mux().port(),
            b.mux().port()))
        .verifyComplete();
  }

  @Test
  void pingToAPortWithoutANodeTimesOut() throws Exception {
    Node a = network.start(Spec.defaults().options(o -> o.withRequestLifetime(SHORT_LIFETIME)));
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      NodeInfo nobody = new NodeInfo(KeyPair.generate().publicKey(), LOOPBACK,
          silent.getLocalPort(), silent.getLocalPort());

      StepVerifier.create(a.discovery().ping(nobody))
          .expectError(RequestTimeoutException.class)
          .verify(WAIT);
    }
  }

  @Test
  void pingToANodeWithoutDiscoveryIsRefused() {
    Node a = network.start();
    KeyPair identity = KeyPair.generate();
    UdpMux bare = network.bareMux(identity);
    NodeInfo noDiscovery = new NodeInfo(identity.publicKey(), LOOPBACK, bare.port(),
        bare.port());

    StepVerifier.create(a.discovery().ping(noDiscovery))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(RemoteRequestException.class)
            .extracting(x -> ((RemoteRequestException) x).reason())
            .isEqualTo(RemoteRequestException.NO_HANDLER))
        .verify(WAIT);
  }

  @Test
  void answersThatBreakTheProtocolFailTyped() {
    Node requester = network.start();
    KeyPair identity = KeyPair.generate();
    UdpMux mux = network.bareMux(identity);
    MessageServer liar = MessageServer.on(mux, DiscoveryProtocol.PROTOCOL,
        Duration.ofSeconds(1), new SimpleMeterRegistry());
    liar.handle(DiscoveryProtocol.PING, req -> Mono.just(NodeInfoCodec.encode(
            KeyPair.generate().publicKey(), LOOPBACK, 1, req.from().address().getPort())))
        .handle(DiscoveryProtocol.GET_ADDRESSES, req -> Mono.just(new byte[] {1, 2, 3}));
    NodeInfo liarInfo = new NodeInfo(identity.publicKey(), LOOPBACK, mux.port(), mux.port());

    StepVerifier.create(requester.discovery().ping(liarInfo))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidAnswerException.class)
            .hasMessageContaining("not ours"))
        .verify(WAIT);
    StepVerifier.create(requester.discovery().getAddresses(liarInfo))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidAnswerException.class)
            .hasCauseInstanceOf(MalformedMessageException.class))
        .verify(WAIT);
    assertThat(requester.discovery().observedAddress()).isEmpty();
    liar.close().block(WAIT);
  }

  @Test
  void threeConcurrentPingsSucceed() {
    Node a = network.start();
    List<Node> others = List.of(network.start(), network.start(), network.start());

    StepVerifier.create(Flux.fromIterable(others)
            .flatMap(o -> a.discovery().ping(o.info()))
            .map(PingResult::responder)
            .collectList())
        .assertNext(responders -> assertThat(responders).containsExactlyInAnyOrderElementsOf(
            others.stream().map(o -> o.identity().publicKey()).toList()))
        .verifyComplete();
  }

  @Test
  void getAddressesOfAnEmptyBookIsAnEmptyList() {
    Node requester = network.start();
    Node responder = network.start();

    StepVerifier.create(requester.discovery().getAddresses(responder.info()))
        .expectNext(List.of())
        .verifyComplete();
  }

  @Test
  void getAddressesReturnsTheResponderSampleInOrder() {
    List<NodeInfo> cache = publicNodes(15);
    Node responder = responderSharing(cache);
    Node requester = network.start();

    StepVerifier.create(requester.discovery().getAddresses(responder.info()))
        .expectNext(cache)
        .verifyComplete();
  }

  @Test
  void theAnswerLeavesOutTheRequesterAndInvalidEntries() {
    Node requester = network.start();
    NodeInfo noTcp = new NodeInfo(TestNodes.key(random), TestNodes.ip(1, 2, 3, 4), 0, 9);
    List<NodeInfo> good = publicNodes(3);
    Node responder = responderSharing(List.of(good.get(0), requester.info(), noTcp, good.get(1),
        good.get(2)));

    StepVerifier.create(requester.discovery().getAddresses(responder.info()))
        .expectNext(good)
        .verifyComplete();
  }

  @Test
  void aListAnswerNeverExceedsTheResponderDatagramLimit() {
    List<NodeInfo> cache = IntStream.range(0, 300)
        .mapToObj(i -> new NodeInfo(TestNodes.key(random),
            TestNodes.ip("2001:4860::" + Integer.toHexString(i + 1)), 40_000 + i, 40_000 + i))
        .toList();
    for (int limit : new int[] {1280, 512}) {
      Node responder = network.start(Spec.defaults()
          .config(c -> c.withMaxDatagramSize(limit))
          .book(self -> new FixedCacheBook(self, cache)));
      Node requester = network.start();
      int fitting = new AnswerBudget(limit, P2PConfig.defaults().networkId(),
          DiscoveryProtocol.PROTOCOL, DiscoveryProtocol.GET_ADDRESSES).fit(cache).size();

      StepVerifier.create(requester.discovery().getAddresses(responder.info()))
          .expectNext(cache.subList(0, fitting))
          .verifyComplete();
      assertThat(fitting).isBetween(1, 299);
    }
  }

  @Test
  void aHundredConcurrentRequestersAllReceiveTheList() {
    List<NodeInfo> cache = publicNodes(5);
    Node responder = network.start(Spec.defaults()
        .options(o -> o.withAnswersPerMinute(1_000))
        .book(self -> new FixedCacheBook(self, cache)));
    List<Node> requesters = network.startMany(100);

    StepVerifier.create(Flux.fromIterable(requesters)
            .flatMap(r -> r.discovery().getAddresses(responder.info()))
            .collectList())
        .assertNext(answers -> assertThat(answers).hasSize(100).allSatisfy(
            answer -> assertThat(answer).isEqualTo(cache)))
        .verifyComplete();
    assertThat(responder.requests("get_addresses", "answered", "ok")).isEqualTo(100);
  }

  @Test
  void getAddressesWithoutEndpointProofGetsNoAnswer() {
    Node responder = responderSharing(publicNodes(3));
    MessageServer raw = rawRequester();

    StepVerifier.create(raw.request(endpoint(responder), DiscoveryProtocol.GET_ADDRESSES,
            new byte[0]))
        .expectError(RequestTimeoutException.class)
        .verify(WAIT);
    StepVerifier.create(raw.request(endpoint(responder), DiscoveryProtocol.GET_ADDRESSES,
            new byte[0]))
        .expectError(RequestTimeoutException.class)
        .verify(WAIT);

    assertThat(responder.requests("get_addresses", "ignored", "no_proof")).isEqualTo(2);
    assertThat(responder.proofPings("sent")).isEqualTo(1);
    assertThat(responder.proofPings("throttled")).isEqualTo(1);
    Await.until(() -> responder.proofPings("failed") == 1, WAIT, "the proof PING failed");
    assertThat(responder.requests("get_addresses", "answered", "ok")).isZero();
    raw.close().block(WAIT);
  }

  @Test
  void theProofFlowCostsOneRetryOnFirstContactAndNoneAfter() {
    Node responder = responderSharing(publicNodes(2));
    Node requester = network.start();

    requester.discovery().getAddresses(responder.info()).block(WAIT);
    requester.discovery().getAddresses(responder.info()).block(WAIT);

    assertThat(responder.requests("get_addresses", "ignored", "no_proof")).isEqualTo(1);
    assertThat(responder.requests("get_addresses", "answered", "ok")).isEqualTo(2);
    assertThat(responder.protocol().isProven(endpoint(requester))).isTrue();
  }

  @Test
  void theProofExpiresAfterTwelveHours() {
    MutableClock clock = TestNodes.clock();
    Node responder = network.start(Spec.defaults().clock(clock)
        .book(self -> new FixedCacheBook(self, publicNodes(2))));
    Node requester = network.start();
    requester.discovery().getAddresses(responder.info()).block(WAIT);

    clock.advance(Duration.ofHours(12).minusSeconds(1));
    assertThat(responder.protocol().isProven(endpoint(requester))).isTrue();
    requester.discovery().getAddresses(responder.info()).block(WAIT);
    assertThat(responder.proofPings("sent")).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(responder.protocol().isProven(endpoint(requester))).isFalse();
    StepVerifier.create(requester.discovery().getAddresses(responder.info()))
        .expectNextCount(1)
        .verifyComplete();
    assertThat(responder.proofPings("sent")).isEqualTo(2);
    assertThat(responder.requests("get_addresses", "ignored", "no_proof")).isEqualTo(2);
  }

  @Test
  void atMostTenAnswersPerMinutePerSource() {
    MutableClock clock = TestNodes.clock();
    Node responder = network.start(Spec.defaults().clock(clock)
        .book(self -> new FixedCacheBook(self, publicNodes(2))));
    // the eleventh request and its retry time out: short, to stay within WAIT
    Node requester = network.start(Spec.defaults()
        .options(o -> o.withRequestLifetime(SHORT_LIFETIME)));
    for (int i = 0; i < 10; i++) {
      requester.discovery().getAddresses(responder.info()).block(WAIT);
    }

    StepVerifier.create(requester.discovery().getAddresses(responder.info()))
        .expectError(RequestTimeoutException.class)
        .verify(WAIT);
    assertThat(responder.requests("get_addresses", "ignored", "rate_limited")).isEqualTo(2);

    clock.advance(Duration.ofMinutes(1));
    StepVerifier.create(requester.discovery().getAddresses(responder.info()))
        .expectNextCount(1)
        .verifyComplete();
    assertThat(responder.requests("get_addresses", "answered", "ok")).isEqualTo(11);
  }

  @Test
  void malformedRequestsAreCountedAndUnanswered() {
    Node responder = network.start();
    MessageServer raw = rawRequester();

    StepVerifier.create(raw.request(endpoint(responder), DiscoveryProtocol.PING,
            new byte[] {(byte) 0x84, 1, 2}))
        .expectError(RequestTimeoutException.class)
        .verify(WAIT);
    StepVerifier.create(raw.request(endpoint(responder), DiscoveryProtocol.GET_ADDRESSES,
            new byte[] {0}))
        .expectError(RequestTimeoutException.class)
        .verify(WAIT);
    StepVerifier.create(raw.request(endpoint(responder), 7, new byte[0]))
        .expectError(RemoteRequestException.class)
        .verify(WAIT);

    assertThat(responder.requests("ping", "ignored", "malformed")).isEqualTo(1);
    assertThat(responder.requests("get_addresses", "ignored", "malformed")).isEqualTo(1);
    assertThat(responder.proofPings("sent")).isZero();
    raw.close().block(WAIT);
  }

  @Test
  void aPingWithInvalidValuesIsAnsweredButNotStored() {
    Node responder = network.start();
    KeyPair identity = KeyPair.generate();
    UdpMux mux = network.bareMux(identity);
    MessageServer raw = MessageServer.on(mux, DiscoveryProtocol.PROTOCOL, Duration.ofSeconds(1),
        new SimpleMeterRegistry());
    List<NodeInfo> claims = List.of(
        new NodeInfo(identity.publicKey(), TestNodes.ip(224, 0, 0, 1), 7000, mux.port()),
        new NodeInfo(identity.publicKey(), LOOPBACK, 0, mux.port()),
        new NodeInfo(KeyPair.generate().publicKey(), LOOPBACK, 7000, mux.port()));

    for (NodeInfo claim : claims) {
      StepVerifier.create(raw.request(endpoint(responder), DiscoveryProtocol.PING,
              NodeInfoCodec.encode(claim)))
          .assertNext(answer -> assertThat(NodeInfoCodec.decode(answer, "pong").toNodeInfo())
              .isEqualTo(new NodeInfo(identity.publicKey(), LOOPBACK, claim.tcpPort(),
                  mux.port())))
          .verifyComplete();
    }

    assertThat(responder.requests("ping", "answered", "invalid")).isEqualTo(3);
    assertThat(responder.book().size()).isZero();
    raw.close().block(WAIT);
  }

  @Test
  void theResponderStoresThePingerAtItsObservedAddress() {
    Node responder = network.start();
    Node pinger = network.start(Spec.defaults().advertised(self -> new NodeInfo(self.id(),
        TestNodes.ip(0, 0, 0, 0), 7777, 1)));

    pinger.discovery().ping(responder.info()).block(WAIT);

    assertThat(responder.book().lookup(pinger.identity().publicKey())).contains(new NodeInfo(
        pinger.identity().publicKey(), LOOPBACK, 7777, pinger.mux().port()));
    assertThat(responder.count(DiscoveryMeters.ADDRESSES_LEARNED, DiscoveryMeters.TAG_VIA,
        "ping")).isEqualTo(1);
    assertThat(responder.requests("ping", "answered", "ok")).isEqualTo(1);
  }

  @Test
  void theObservedAddressIsLearnedFromPingAnswers() {
    Node newcomer = network.start();
    Node first = network.start();
    Node second = network.start();

    assertThat(newcomer.discovery().observedAddress()).isEmpty();

    newcomer.discovery().ping(first.info()).block(WAIT);
    newcomer.discovery().ping(second.info()).block(WAIT);

    assertThat(newcomer.discovery().observedAddress()).contains(newcomer.udpAddress());
    StepVerifier.create(newcomer.discovery().observedAddresses())
        .expectNext(newcomer.udpAddress())
        .thenCancel()
        .verify(WAIT);
  }
}
