package io.libonomy.p2p.net.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.api.FrameTooLargeException;
import io.libonomy.p2p.api.ProtocolSubscriptionException;
import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.metrics.MeterNames;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.EnvelopeKind;
import io.libonomy.p2p.net.UdpPlaintext;
import io.libonomy.p2p.net.WireCodec;
import io.libonomy.p2p.server.Endpoint;
import io.libonomy.p2p.server.InboundEnvelope;
import io.libonomy.p2p.testing.Await;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/** Two muxes on 127.0.0.1 exchanging requests and answers through the RequestChannel verbs. */
class UdpMuxRequestChannelTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String ECHO = "echo/1";

  private final List<UdpMux> muxes = new ArrayList<>();
  private final List<Disposable> subscriptions = new ArrayList<>();

  private record Node(UdpMux mux, KeyPair identity, MeterRegistry registry) {
    Endpoint endpoint() {
      return Endpoint.of(identity.publicKey(), new InetSocketAddress("127.0.0.1", mux.port()));
    }

    double dropped(DropReason reason) {
      return registry.counter(UdpMetrics.DROPPED, MeterNames.TAG_REASON, reason.tag()).count();
    }
  }

  @AfterEach
  void shutDown() {
    subscriptions.forEach(Disposable::dispose);
    muxes.forEach(m -> m.shutdown().block(WAIT));
  }

  private Node start(UnaryOperator<P2PConfig> configure) {
    KeyPair identity = KeyPair.generate();
    MeterRegistry registry = new SimpleMeterRegistry();
    P2PConfig config = configure.apply(P2PConfig.defaults().withBindAddress("127.0.0.1"));
    UdpMux mux = UdpMux.create(config, identity, Clock.systemUTC(), registry);
    muxes.add(mux);
    mux.bind(0).block(WAIT);
    return new Node(mux, identity, registry);
  }

  private Node start() {
    return start(c -> c);
  }

  /** Answers every request on {@code protocol} with its payload reversed. */
  private void serveEcho(Node node, String protocol) {
    subscriptions.add(node.mux().listen(protocol)
        .flatMap(in -> node.mux().send(in.from(), Envelope.response(protocol,
            in.envelope().msgType(), in.envelope().reqId(), reversed(in.envelope().payload()))))
        .subscribe(null, e -> { }));
  }

  private static byte[] reversed(byte[] bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[bytes.length - 1 - i];
    }
    return out;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void requestReachesTheListenerAndTheAnswerComesBackToItsSource() {
    Node requester = start();
    Node responder = start();
    serveEcho(responder, ECHO);

    StepVerifier.create(requester.mux().listen(ECHO))
        .then(() -> requester.mux().send(responder.endpoint(),
            Envelope.request(ECHO, 7, 42, utf8("ping"))).block(WAIT))
        .assertNext(in -> {
          assertThat(in.from()).isEqualTo(responder.endpoint());
          assertThat(in.envelope()).isEqualTo(Envelope.response(ECHO, 7, 42, utf8("gnip")));
        })
        .then(() -> requester.mux().send(responder.endpoint(),
            Envelope.request(ECHO, 7, 43, utf8("again"))).block(WAIT))
        .assertNext(in -> assertThat(in.envelope().payload()).isEqualTo(utf8("niaga")))
        .thenCancel()
        .verify(WAIT);
  }

  @Test
  void requestForAProtocolNobodyListensToIsAnsweredNoHandler() {
    Node requester = start();
    Node responder = start();

    StepVerifier.create(requester.mux().listen("nobody/1"))
        .then(() -> requester.mux().send(responder.endpoint(),
            Envelope.request("nobody/1", 3, 9, utf8("hello"))).block(WAIT))
        .expectNext(new InboundEnvelope(responder.endpoint(),
            Envelope.requestError("nobody/1", 3, 9, "no handler")))
        .thenCancel()
        .verify(WAIT);
    assertThat(responder.dropped(DropReason.NO_LISTENER)).isEqualTo(1);
  }

  @Test
  void answersNobodyListensToAreDroppedAndCounted() {
    Node sender = start();
    Node receiver = start();

    sender.mux().send(receiver.endpoint(), Envelope.response("nobody/1", 0, 5, utf8("x")))
        .block(WAIT);
    sender.mux().send(receiver.endpoint(), Envelope.requestError("nobody/1", 0, 6, "failed"))
        .block(WAIT);

    Await.until(() -> receiver.dropped(DropReason.NO_LISTENER) == 2, WAIT, "two drops");
  }

  @Test
  void aProtocolHasOneListenerAtATime() {
    Node node = start();
    Disposable first = node.mux().listen(ECHO).subscribe();

    StepVerifier.create(node.mux().listen(ECHO))
        .expectError(ProtocolSubscriptionException.class)
        .verify(WAIT);

    first.dispose();
    Node requester = start();
    StepVerifier.create(node.mux().listen(ECHO))
        .then(() -> requester.mux().send(node.endpoint(), Envelope.request(ECHO, 0, 1,
            utf8("after"))).block(WAIT))
        .assertNext(in -> assertThat(in.envelope().reqId()).isEqualTo(1))
        .thenCancel()
        .verify(WAIT);
  }

  @Test
  void aListenerFallingBufferSizeBehindLosesTheNewestEnvelopes() {
    Node node = start(c -> c.withBufferSize(2));
    Node requester = start();

    StepVerifier.create(node.mux().listen(ECHO), 0)
        .then(() -> {
          for (long reqId = 1; reqId <= 3; reqId++) {
            requester.mux().send(node.endpoint(), Envelope.request(ECHO, 0, reqId, utf8("r")))
                .block(WAIT);
            long expected = reqId;
            Await.until(() -> node.mux().queued(ECHO)
                + node.dropped(DropReason.OVERFLOW) == expected, WAIT, "request " + expected);
          }
        })
        .thenRequest(3)
        .assertNext(in -> assertThat(in.envelope().reqId()).isEqualTo(1))
        .assertNext(in -> assertThat(in.envelope().reqId()).isEqualTo(2))
        .thenCancel()
        .verify(WAIT);
    assertThat(node.dropped(DropReason.OVERFLOW)).isEqualTo(1);
  }

  @Test
  void sendRefusesWhatUdpCannotCarry() {
    Node node = start();
    Node peer = start();
    Endpoint keyOnly = Endpoint.of(peer.identity().publicKey());

    StepVerifier.create(node.mux().send(keyOnly, Envelope.request(ECHO, 0, 1, utf8("x"))))
        .expectError(IllegalArgumentException.class)
        .verify(WAIT);
    for (Envelope envelope : List.of(Envelope.direct(ECHO, utf8("x")),
        Envelope.gossip(ECHO, utf8("x")), Envelope.hello())) {
      StepVerifier.create(node.mux().send(peer.endpoint(), envelope))
          .expectError(IllegalArgumentException.class)
          .verify(WAIT);
    }
    StepVerifier.create(node.mux().send(node.endpoint(), Envelope.request(ECHO, 0, 1, utf8("x"))))
        .expectError(IllegalArgumentException.class)
        .verify(WAIT);
  }

  @Test
  void sendFailsBeforeSendingADatagramAboveMaxDatagramSize() {
    Node node = start();
    Node peer = start();
    int overhead = DatagramFormat.length(WireCodec.encode(UdpPlaintext.of(1,
        System.currentTimeMillis(), Envelope.request(ECHO, 0, 1, new byte[1000]))).length) - 1000;
    int largestPayload = 1280 - overhead;

    StepVerifier.create(node.mux().send(peer.endpoint(),
            Envelope.request(ECHO, 0, 1, new byte[largestPayload + 1])))
        .expectError(FrameTooLargeException.class)
        .verify(WAIT);
    StepVerifier.create(node.mux().send(peer.endpoint(),
            Envelope.request(ECHO, 0, 1, new byte[largestPayload])))
        .verifyComplete();
    assertThat(node.registry().counter(UdpMetrics.DATAGRAMS, MeterNames.TAG_DIRECTION, "out")
        .count()).isEqualTo(1);
    assertThat(node.registry().counter(UdpMetrics.BYTES, MeterNames.TAG_DIRECTION, "out")
        .count()).isEqualTo(1280);
  }

  @Test
  void sendBeforeBindFails() {
    UdpMux unbound = UdpMux.create(P2PConfig.defaults().withBindAddress("127.0.0.1"),
        KeyPair.generate(), Clock.systemUTC(), new SimpleMeterRegistry());
    muxes.add(unbound);
    Node peer = start();

    StepVerifier.create(unbound.send(peer.endpoint(), Envelope.request(ECHO, 0, 1, utf8("x"))))
        .expectError(IllegalStateException.class)
        .verify(WAIT);
  }

  @Test
  void requestErrorReachesTheListener() {
    Node requester = start();
    Node responder = start();
    StepVerifier.create(responder.mux().listen(ECHO))
        .then(() -> requester.mux().send(responder.endpoint(),
            Envelope.requestError(ECHO, 1, 2, "nope")).block(WAIT))
        .assertNext(in -> assertThat(in.envelope().kind()).isEqualTo(EnvelopeKind.REQUEST_ERROR))
        .thenCancel()
        .verify(WAIT);
  }
}
