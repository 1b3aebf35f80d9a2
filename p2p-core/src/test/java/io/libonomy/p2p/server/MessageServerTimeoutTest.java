package io.libonomy.p2p.server;

import static io.libonomy.p2p.server.ServerTests.LIFETIME;
import static io.libonomy.p2p.server.ServerTests.PROTOCOL;
import static io.libonomy.p2p.server.ServerTests.bytes;
import static io.libonomy.p2p.server.ServerTests.count;
import static io.libonomy.p2p.server.ServerTests.sent;
import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.api.RequestTimeoutException;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.EnvelopeKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Request timeouts and handler cut-offs on virtual time. The network delivers on the same
 * virtual-time scheduler, and while StepVerifier runs it stands in for {@code
 * Schedulers.parallel()} as well, so everything runs trampolined on the test thread.
 */
class MessageServerTimeoutTest {

  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private final InMemoryNetwork network = new InMemoryNetwork(time, 2048);
  private final MeterRegistry serverMeters = new SimpleMeterRegistry();
  private final MeterRegistry clientMeters = new SimpleMeterRegistry();
  private final InMemoryNetwork.Node serverNode = network.node("server");
  private final InMemoryNetwork.Node clientNode = network.node("client");
  private final MessageServer server = MessageServer.on(serverNode, PROTOCOL, LIFETIME,
      serverMeters, MessageServer.Options.defaults().withTimer(time)
          .withMaxConcurrentHandlers(1000));
  private final MessageServer client = MessageServer.on(clientNode, PROTOCOL, LIFETIME,
      clientMeters, MessageServer.Options.defaults().withTimer(time));

  @AfterEach
  void closeEverything() {
    server.close().subscribe();
    client.close().subscribe();
    time.dispose();
  }

  @Test
  void timesOutThousandRequestsToAHandlerThatNeverAnswersAndFreesItsSlots() {
    server.handle(1, req -> Mono.never());

    StepVerifier.withVirtualTime(() -> Flux.range(0, 1000)
                .flatMap(i -> client.request(serverNode.endpoint(), 1, bytes("q" + i))
                    .map(answer -> "answered")
                    .onErrorResume(e -> Mono.just(e.getClass().getSimpleName())), 1000)
                .collectList(),
            () -> time, Long.MAX_VALUE)
        .expectSubscription()
        .then(() -> {
          assertThat(client.pendingRequests()).isEqualTo(1000);
          assertThat(server.runningHandlers()).isEqualTo(1000);
        })
        .thenAwait(LIFETIME.minusMillis(1))
        .then(() -> assertThat(client.pendingRequests()).isEqualTo(1000))
        .thenAwait(Duration.ofMillis(1))
        .assertNext(outcomes -> assertThat(outcomes).hasSize(1000)
            .containsOnly(RequestTimeoutException.class.getSimpleName()))
        .verifyComplete();

    assertThat(client.pendingRequests()).isZero();
    assertThat(server.runningHandlers()).isZero();
    assertThat(count(clientMeters, "p2p.requests", "result", "timeout")).isEqualTo(1000);
    assertThat(count(serverMeters, "p2p.requests.served", "result", "timeout")).isEqualTo(1000);
    assertThat(sent(network, clientNode.endpoint(), EnvelopeKind.RESPONSE)).isEmpty();
    assertThat(sent(network, clientNode.endpoint(), EnvelopeKind.REQUEST_ERROR)).isEmpty();
  }

  @Test
  void timeoutNamesProtocolPeerMessageTypeAndLifetime() {
    server.handle(4, req -> Mono.never());

    StepVerifier.withVirtualTime(() -> client.request(serverNode.endpoint(), 4, bytes("q")),
            () -> time, Long.MAX_VALUE)
        .expectSubscription()
        .thenAwait(LIFETIME)
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(RequestTimeoutException.class)
            .hasMessageContaining(PROTOCOL)
            .hasMessageContaining(serverNode.endpoint().toString())
            .hasMessageContaining("msgType 4")
            .hasMessageContaining(LIFETIME.toString()))
        .verify();
  }

  @Test
  void handlerCompletingWithoutAValueLeavesTheRequestUnanswered() {
    server.handle(1, req -> Mono.empty());

    StepVerifier.withVirtualTime(() -> client.request(serverNode.endpoint(), 1, bytes("q")),
            () -> time, Long.MAX_VALUE)
        .expectSubscription()
        .then(() -> assertThat(server.runningHandlers()).isZero())
        .thenAwait(LIFETIME)
        .expectError(RequestTimeoutException.class)
        .verify();

    assertThat(count(serverMeters, "p2p.requests.served", "result", "silent")).isEqualTo(1);
    assertThat(sent(network, clientNode.endpoint(), EnvelopeKind.RESPONSE)).isEmpty();
    assertThat(sent(network, clientNode.endpoint(), EnvelopeKind.REQUEST_ERROR)).isEmpty();
  }

  @Test
  void answerArrivingAfterTheTimeoutIsDropped() {
    InMemoryNetwork.Node bob = network.node("bob");
    bob.listen(PROTOCOL).subscribe(in -> { }, e -> { });

    // StepVerifier disposes the virtual clock when it ends: answer late inside the scenario
    StepVerifier.withVirtualTime(() -> client.request(bob.endpoint(), 1, bytes("q"))
                .map(answer -> "answered")
                .onErrorResume(RequestTimeoutException.class, e -> Mono.just("timed out")),
            () -> time, Long.MAX_VALUE)
        .expectSubscription()
        .thenAwait(LIFETIME)
        .expectNext("timed out")
        .then(() -> {
          long reqId = sent(network, bob.endpoint(), EnvelopeKind.REQUEST).get(0).reqId();
          bob.send(clientNode.endpoint(), Envelope.response(PROTOCOL, 1, reqId, bytes("late")))
              .subscribe(null, e -> { });
        })
        .verifyComplete();

    assertThat(count(clientMeters, "p2p.requests.dropped", "reason", "unknown_request"))
        .isEqualTo(1);
  }
}
