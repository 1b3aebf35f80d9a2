package io.libonomy.p2p.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.api.RemoteRequestException;
import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.metrics.MeterNames;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.server.InboundEnvelope;
import io.libonomy.p2p.server.Endpoint;
import io.libonomy.p2p.server.MessageServer;
import io.libonomy.p2p.testing.Await;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** {@link MessageServer} over a live Switch: TCP sessions and the UDP mux. */
class SwitchRequestResponseTest {

  private static final Duration LIFETIME = Duration.ofSeconds(5);
  private final TestNodes nodes = new TestNodes();

  @AfterEach
  void shutdown() {
    nodes.close();
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static MessageServer echo(MessageServer server) {
    return server.handle(1, request -> Mono.just(request.payload()));
  }

  @Test
  void requestRoundTripsOverTcp() {
    Switch a = nodes.start();
    Switch b = nodes.start();
    echo(MessageServer.on(b, "sync/1", LIFETIME, new SimpleMeterRegistry()));
    MessageServer client = MessageServer.on(a, "sync/1", LIFETIME, new SimpleMeterRegistry());
    a.connect(b.localNode()).block(TestNodes.TIMEOUT);

    byte[] answer = client.request(Endpoint.of(b.localKey()), 1, text("ping"))
        .block(TestNodes.TIMEOUT);

    assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("ping");
    StepVerifier.create(client.request(Endpoint.of(b.localKey()), 9, text("?")))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(RemoteRequestException.class)
            .extracting(x -> ((RemoteRequestException) x).reason()).isEqualTo("no handler"))
        .verify(TestNodes.TIMEOUT);
  }

  @Test
  void requestRoundTripsOverUdpWithoutATcpSession() {
    Switch a = nodes.start();
    Switch b = nodes.start();
    echo(MessageServer.on(b.udp(), "sync/1", LIFETIME, new SimpleMeterRegistry()));
    MessageServer client =
        MessageServer.on(a.udp(), "sync/1", LIFETIME, new SimpleMeterRegistry());

    byte[] answer = client.request(
            Endpoint.of(b.localKey(), b.localNode().udpAddress()), 1, text("over udp"))
        .block(TestNodes.TIMEOUT);

    assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("over udp");
    assertThat(a.connectedPeers()).isEmpty();
  }

  @Test
  void hundredConcurrentRequestersAreAllAnsweredOverTcp() {
    Switch server = nodes.start();
    // room for all 100 at once: the default bound (64) answers the rest "overloaded", and with
    // handshakes finishing in waves on a loaded machine more than 64 requests can be in hand
    echo(MessageServer.on(server, "sync/1", LIFETIME, new SimpleMeterRegistry(),
        MessageServer.Options.defaults().withMaxConcurrentHandlers(128)));
    List<Switch> clients = Flux.range(0, 100).map(i -> nodes.start()).collectList().block();

    List<String> answers = Flux.fromIterable(clients)
        .flatMap(c -> c.connect(server.localNode())
            .then(MessageServer.on(c, "sync/1", LIFETIME, new SimpleMeterRegistry())
                .request(Endpoint.of(server.localKey()), 1, c.localKey().bytes()))
            .map(bytes -> c.localKey().equals(
                io.libonomy.p2p.crypto.PublicKey.of(bytes)) ? "ok" : "wrong"))
        .collectList()
        .block(TestNodes.TIMEOUT);

    assertThat(answers).hasSize(100).containsOnly("ok");
  }

  @Test
  void answerFromAThirdPeerWithTheRightReqIdIsDroppedAndCounted() {
    Switch requester = nodes.start();
    Switch destination = nodes.start();
    Switch intruder = nodes.start();
    requester.connect(destination.localNode()).block(TestNodes.TIMEOUT);
    requester.connect(intruder.localNode()).block(TestNodes.TIMEOUT);
    // the dialled side registers the connection once the HELLO arrives, a little after the
    // dialler's connect() completed
    Await.until(() -> intruder.connectedPeers().contains(requester.localKey())
            && destination.connectedPeers().contains(requester.localKey()),
        TestNodes.TIMEOUT, "both peers see the requester's connection");
    // the destination reads raw envelopes, so the test learns the request's reqId the way an
    // eavesdropper who guessed or saw it would
    Sinks.One<Envelope> seen = Sinks.one();
    destination.listen("sync/1").map(InboundEnvelope::envelope)
        .subscribe(seen::tryEmitValue);
    MeterRegistry meters = new SimpleMeterRegistry();
    MessageServer client = MessageServer.on(requester, "sync/1", LIFETIME, meters);

    Mono<byte[]> reply = client.request(Endpoint.of(destination.localKey()), 1, text("q"))
        .cache();
    reply.subscribe(bytes -> { }, e -> { });
    Envelope request = seen.asMono().block(TestNodes.TIMEOUT);
    intruder.send(Endpoint.of(requester.localKey()),
            Envelope.response("sync/1", 1, request.reqId(), text("forged")))
        .block(TestNodes.TIMEOUT);
    Await.until(() -> meters.counter(MeterNames.REQUESTS_DROPPED,
            MeterNames.TAG_PROTOCOL, "sync/1", MeterNames.TAG_REASON, "wrong_peer").count() == 1,
        TestNodes.TIMEOUT, "the forged answer is counted");
    assertThat(client.pendingRequests()).isEqualTo(1);

    destination.send(Endpoint.of(requester.localKey()),
            Envelope.response("sync/1", 1, request.reqId(), text("genuine")))
        .block(TestNodes.TIMEOUT);

    assertThat(new String(reply.block(TestNodes.TIMEOUT), StandardCharsets.UTF_8))
        .isEqualTo("genuine");
  }

  @Test
  void shutdownOfTheSwitchFailsPendingRequestsWithATypedError() {
    Switch requester = nodes.start();
    Switch silent = nodes.start();
    MessageServer.on(silent, "sync/1", LIFETIME, new SimpleMeterRegistry())
        .handle(1, request -> Mono.never());
    MessageServer client = MessageServer.on(requester, "sync/1", LIFETIME,
        new SimpleMeterRegistry());
    requester.connect(silent.localNode()).block(TestNodes.TIMEOUT);
    Flux<byte[]> pending = Flux.range(0, 10)
        .flatMap(i -> client.request(Endpoint.of(silent.localKey()), 1, text("q" + i))
            .onErrorResume(ShutdownException.class, e -> Mono.empty()))
        .cache();
    pending.subscribe(bytes -> { }, e -> { });
    Await.until(() -> client.pendingRequests() == 10, TestNodes.TIMEOUT, "10 requests pending");

    requester.shutdown().block(TestNodes.TIMEOUT);

    StepVerifier.create(pending).expectComplete().verify(Duration.ofSeconds(2));
    assertThat(client.pendingRequests()).isZero();
  }
}
