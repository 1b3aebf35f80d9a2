package io.libonomy.p2p.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.api.RemoteRequestException;
import io.libonomy.p2p.server.Endpoint;
import io.libonomy.p2p.server.MessageServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
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
    echo(MessageServer.on(server, "sync/1", LIFETIME, new SimpleMeterRegistry()));
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
}
