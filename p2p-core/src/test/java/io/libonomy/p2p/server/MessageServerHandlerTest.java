package io.libonomy.p2p.server;

import static io.libonomy.p2p.server.ServerTests.DEADLINE;
import static io.libonomy.p2p.server.ServerTests.LIFETIME;
import static io.libonomy.p2p.server.ServerTests.PROTOCOL;
import static io.libonomy.p2p.server.ServerTests.bytes;
import static io.libonomy.p2p.server.ServerTests.count;
import static io.libonomy.p2p.server.ServerTests.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.api.RemoteRequestException;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.EnvelopeKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Round trips through a server's handlers, over a network delivering on one "net" thread. */
class MessageServerHandlerTest {

  private final Scheduler net = Schedulers.newSingle("net");
  private final InMemoryNetwork network = new InMemoryNetwork(net, 1024);
  private final MeterRegistry serverMeters = new SimpleMeterRegistry();
  private final MeterRegistry clientMeters = new SimpleMeterRegistry();
  private final List<MessageServer> started = new ArrayList<>();
  private final InMemoryNetwork.Node serverNode = network.node("server");
  private final MessageServer server = start(serverNode, serverMeters, options());
  private final InMemoryNetwork.Node clientNode = network.node("client");
  private final MessageServer client = start(clientNode, clientMeters, options());

  @AfterEach
  void closeEverything() {
    Flux.fromIterable(started).concatMap(MessageServer::close).blockLast(DEADLINE);
    net.dispose();
  }

  @Test
  void returnsTheHandlersBytesToTheRequester() {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    server.handle(1, req -> {
      threads.add(Thread.currentThread().getName());
      return Mono.just(bytes("pong:" + text(req.payload())));
    });

    StepVerifier.create(client.request(serverNode.endpoint(), 1, bytes("ping"))
            .map(ServerTests::text))
        .expectNext("pong:ping")
        .expectComplete()
        .verify(DEADLINE);

    assertThat(threads).allSatisfy(name -> assertThat(name).startsWith("parallel-"));
    assertThat(count(clientMeters, "p2p.requests", "protocol", PROTOCOL, "result", "ok"))
        .isEqualTo(1);
    assertThat(clientMeters.get("p2p.request.latency").tag("protocol", PROTOCOL).timer().count())
        .isEqualTo(1);
    assertThat(count(serverMeters, "p2p.requests.served", "result", "ok")).isEqualTo(1);
    assertThat(client.pendingRequests()).isZero();
  }

  @Test
  void handsTheHandlerTheSenderAndMessageType() {
    List<Request> seen = new ArrayList<>();
    server.handle(7, req -> {
      synchronized (seen) {
        seen.add(req);
      }
      return Mono.just(new byte[0]);
    });

    StepVerifier.create(client.request(serverNode.endpoint(), 7, bytes("x")))
        .assertNext(answer -> assertThat(answer).isEmpty())
        .expectComplete()
        .verify(DEADLINE);

    synchronized (seen) {
      assertThat(seen).containsExactly(new Request(clientNode.endpoint(), 7, bytes("x")));
    }
  }

  @Test
  void answersNoHandlerForAnUnknownMessageType() {
    server.handle(1, req -> Mono.just(bytes("one")));

    StepVerifier.create(client.request(serverNode.endpoint(), 2, bytes("?")))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(RemoteRequestException.class)
            .hasMessageContaining(PROTOCOL).hasMessageContaining("msgType 2")
            .extracting(x -> ((RemoteRequestException) x).reason())
            .isEqualTo(RemoteRequestException.NO_HANDLER))
        .verify(DEADLINE);

    assertThat(count(serverMeters, "p2p.requests.rejected", "reason", "no_handler")).isEqualTo(1);
    assertThat(count(clientMeters, "p2p.requests", "result", "remote_error")).isEqualTo(1);
  }

  static Stream<Named<Function<Request, Mono<byte[]>>>> failingHandlers() {
    return Stream.of(
        Named.of("signals an error", req -> Mono.error(new IllegalStateException("boom"))),
        Named.of("throws", req -> {
          throw new IllegalStateException("boom");
        }),
        Named.of("returns null", req -> null));
  }

  @ParameterizedTest(name = "handler {0}")
  @MethodSource("failingHandlers")
  void answersHandlerFailedWhenTheHandlerFails(Function<Request, Mono<byte[]>> handler) {
    server.handle(1, handler);

    StepVerifier.create(client.request(serverNode.endpoint(), 1, bytes("q")))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(
            RemoteRequestException.class,
            r -> assertThat(r.reason()).isEqualTo(RemoteRequestException.HANDLER_FAILED)))
        .verify(DEADLINE);

    assertThat(count(serverMeters, "p2p.requests.served", "result", "failed")).isEqualTo(1);
    assertThat(server.runningHandlers()).isZero();
  }

  @Test
  void laterHandlerForAMessageTypeReplacesTheEarlierOne() {
    server.handle(1, req -> Mono.just(bytes("old"))).handle(1, req -> Mono.just(bytes("new")));

    StepVerifier.create(client.request(serverNode.endpoint(), 1, bytes("q")).map(ServerTests::text))
        .expectNext("new")
        .expectComplete()
        .verify(DEADLINE);
  }

  @Test
  void answersHundredConcurrentRequestersOnDistinctEndpoints() {
    InMemoryNetwork.Node busyNode = network.node("busy");
    start(busyNode, serverMeters, options().withMaxConcurrentHandlers(100))
        .handle(3, req -> Mono.just(bytes("re:" + text(req.payload()))));
    List<MessageServer> requesters = IntStream.range(0, 100)
        .mapToObj(i -> start(network.node("requester-" + i), clientMeters, options()))
        .toList();
    Endpoint target = busyNode.endpoint();

    StepVerifier.create(Flux.range(0, 100)
            .flatMap(i -> requesters.get(i).request(target, 3, bytes("n" + i))
                .map(answer -> text(answer).equals("re:n" + i)), 100)
            .collectList())
        .assertNext(results -> assertThat(results).hasSize(100).containsOnly(true))
        .expectComplete()
        .verify(DEADLINE);

    assertThat(count(clientMeters, "p2p.requests", "result", "ok")).isEqualTo(100);
    assertThat(requesters).allSatisfy(r -> assertThat(r.pendingRequests()).isZero());
  }

  @Test
  void answersOverloadedWhenEveryHandlerSlotIsBusy() {
    InMemoryNetwork.Node smallNode = network.node("small");
    MessageServer small = start(smallNode, serverMeters, options().withMaxConcurrentHandlers(2));
    Sinks.One<byte[]> gate = Sinks.one();
    small.handle(1, req -> gate.asMono());

    StepVerifier.create(Flux.range(0, 3)
            .flatMap(i -> client.request(smallNode.endpoint(), 1, bytes("slow" + i))
                .map(ServerTests::text)
                .onErrorResume(RemoteRequestException.class,
                    e -> Mono.just("error:" + e.reason()))))
        .expectNext("error:" + RemoteRequestException.OVERLOADED)
        .then(() -> assertThat(small.runningHandlers()).isEqualTo(2))
        .then(() -> gate.tryEmitValue(bytes("done")))
        .expectNext("done", "done")
        .expectComplete()
        .verify(DEADLINE);

    assertThat(count(serverMeters, "p2p.requests.rejected", "protocol", PROTOCOL,
        "reason", "overloaded")).isEqualTo(1);
    assertThat(small.runningHandlers()).isZero();
  }

  @Test
  void countsAnAnswerTheChannelCouldNotSend() {
    InMemoryNetwork.Node ghost = network.node("ghost");
    StepVerifier.create(ghost.shutdown()).expectComplete().verify(DEADLINE);

    StepVerifier.create(network.inject(ghost.endpoint(), serverNode,
            Envelope.request(PROTOCOL, 9, 42, bytes("anyone?"))).then(network.settle()))
        .expectComplete()
        .verify(DEADLINE);

    assertThat(ServerTests.sent(network, ghost.endpoint(), EnvelopeKind.REQUEST_ERROR))
        .hasSize(1);
    assertThat(count(serverMeters, "p2p.requests.answers.failed", "protocol", PROTOCOL))
        .isEqualTo(1);
  }

  private MessageServer start(InMemoryNetwork.Node node, MeterRegistry registry,
      MessageServer.Options options) {
    MessageServer messageServer = MessageServer.on(node, PROTOCOL, LIFETIME, registry, options);
    started.add(messageServer);
    return messageServer;
  }

  private static MessageServer.Options options() {
    return MessageServer.Options.defaults();
  }
}
