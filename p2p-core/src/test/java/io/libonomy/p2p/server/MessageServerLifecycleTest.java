package io.libonomy.p2p.server;

import static io.libonomy.p2p.server.ServerTests.DEADLINE;
import static io.libonomy.p2p.server.ServerTests.LIFETIME;
import static io.libonomy.p2p.server.ServerTests.PROTOCOL;
import static io.libonomy.p2p.server.ServerTests.bytes;
import static io.libonomy.p2p.server.ServerTests.count;
import static io.libonomy.p2p.server.ServerTests.sent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.api.InvalidConfigException;
import io.libonomy.p2p.api.ProtocolSubscriptionException;
import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.net.EnvelopeKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Closing: by the owner, by the channel shutting down, by a failed listen; and options. */
class MessageServerLifecycleTest {

  private final Scheduler net = Schedulers.newSingle("net");
  private final InMemoryNetwork network = new InMemoryNetwork(net, 1024);
  private final MeterRegistry meters = new SimpleMeterRegistry();
  private final InMemoryNetwork.Node serverNode = network.node("server");
  private final InMemoryNetwork.Node clientNode = network.node("client");
  private final MessageServer server = MessageServer.on(serverNode, PROTOCOL, LIFETIME,
      new SimpleMeterRegistry());
  private final MessageServer client = MessageServer.on(clientNode, PROTOCOL, LIFETIME, meters);

  @AfterEach
  void closeEverything() {
    server.close().block(DEADLINE);
    client.close().block(DEADLINE);
    net.dispose();
  }

  @Test
  void closeFailsPendingRequestsWithShutdownException() {
    server.handle(1, req -> Mono.never());

    StepVerifier.create(client.request(serverNode.endpoint(), 1, bytes("q")))
        .expectSubscription()
        .then(() -> StepVerifier.create(client.close()).expectComplete().verify(DEADLINE))
        .expectError(ShutdownException.class)
        .verify(DEADLINE);

    assertThat(client.pendingRequests()).isZero();
    assertThat(count(meters, "p2p.requests", "result", "shutdown")).isEqualTo(1);
  }

  @Test
  void closingTwiceCompletesBothTimes() {
    StepVerifier.create(client.close()).expectComplete().verify(DEADLINE);
    StepVerifier.create(client.close()).expectComplete().verify(DEADLINE);
  }

  @Test
  void requestAfterCloseFailsWithShutdownExceptionAndSendsNothing() {
    client.close().block(DEADLINE);

    StepVerifier.create(client.request(serverNode.endpoint(), 1, bytes("q")))
        .expectError(ShutdownException.class)
        .verify(DEADLINE);

    assertThat(sent(network, serverNode.endpoint(), EnvelopeKind.REQUEST)).isEmpty();
  }

  @Test
  void closeReleasesTheProtocolForANewServer() {
    assertThat(clientNode.listeners()).isEqualTo(1);

    client.close().block(DEADLINE);

    assertThat(clientNode.listeners()).isZero();
    MessageServer again = MessageServer.on(clientNode, PROTOCOL, LIFETIME, meters);
    server.handle(1, req -> Mono.just(bytes("hi")));
    StepVerifier.create(again.request(serverNode.endpoint(), 1, bytes("q")).map(ServerTests::text))
        .expectNext("hi")
        .expectComplete()
        .verify(DEADLINE);
    again.close().block(DEADLINE);
  }

  @Test
  void closeCutsOffRunningHandlersWithoutAnswering() {
    Sinks.Empty<Void> started = Sinks.empty();
    Sinks.Empty<Void> cancelled = Sinks.empty();
    server.handle(1, req -> Mono.<byte[]>never()
        .doOnSubscribe(s -> started.tryEmitEmpty())
        .doOnCancel(cancelled::tryEmitEmpty));
    Disposable request = client.request(serverNode.endpoint(), 1, bytes("q"))
        .subscribe(answer -> { }, error -> { });
    StepVerifier.create(started.asMono()).expectComplete().verify(DEADLINE);
    assertThat(server.runningHandlers()).isEqualTo(1);

    server.close().block(DEADLINE);

    StepVerifier.create(cancelled.asMono()).expectComplete().verify(DEADLINE);
    assertThat(server.runningHandlers()).isZero();
    StepVerifier.create(network.settle()).expectComplete().verify(DEADLINE);
    assertThat(sent(network, clientNode.endpoint(), EnvelopeKind.RESPONSE)).isEmpty();
    assertThat(sent(network, clientNode.endpoint(), EnvelopeKind.REQUEST_ERROR)).isEmpty();
    request.dispose();
  }

  @Test
  void closesItselfWhenTheChannelShutsDown() {
    server.handle(1, req -> Mono.never());

    StepVerifier.create(client.request(serverNode.endpoint(), 1, bytes("q")))
        .expectSubscription()
        .then(() -> StepVerifier.create(clientNode.shutdown()).expectComplete().verify(DEADLINE))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ShutdownException.class)
            .cause().hasMessageContaining("request channel shut down"))
        .verify(DEADLINE);

    StepVerifier.create(client.request(serverNode.endpoint(), 1, bytes("q")))
        .expectError(ShutdownException.class)
        .verify(DEADLINE);
  }

  @Test
  void closesItselfWhenAnotherListenerHoldsTheProtocol() {
    MessageServer second = MessageServer.on(clientNode, PROTOCOL, LIFETIME,
        new SimpleMeterRegistry());

    StepVerifier.create(second.request(serverNode.endpoint(), 1, bytes("q")))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ShutdownException.class)
            .hasCauseInstanceOf(ProtocolSubscriptionException.class))
        .verify(DEADLINE);
    assertThat(clientNode.listeners()).isEqualTo(1);
  }

  @Test
  void rejectsInvalidOptionsNamingTheField() {
    assertThatThrownBy(() -> MessageServer.Options.defaults().withMaxPendingRequests(0))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("maxPendingRequests");
    assertThatThrownBy(() -> MessageServer.Options.defaults().withMaxConcurrentHandlers(0))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("maxConcurrentHandlers");
    assertThatThrownBy(() -> MessageServer.on(clientNode, "other/1", Duration.ZERO, meters))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("requestLifetime");
    assertThatThrownBy(() -> client.request(serverNode.endpoint(), -1, bytes("q")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("msgType");
  }
}
