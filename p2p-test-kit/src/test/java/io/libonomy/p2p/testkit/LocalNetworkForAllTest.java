package io.libonomy.p2p.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.testkit.LocalNetwork.Node;
import io.libonomy.p2p.testkit.LocalNetwork.Role;
import io.libonomy.p2p.testkit.NodeFailuresException.Failure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** forAll, forAllAsync and awaitGossipReady on live networks. */
class LocalNetworkForAllTest {

  private static final Duration WITHIN = Duration.ofSeconds(30);
  /** More nodes than forAllAsync runs at once, so that its bound shows. */
  private static final int NODES = LocalNetwork.FOR_ALL_CONCURRENCY + 1;

  /** Degree 0: the nodes listen and never dial, all that running actions on them needs. */
  private static LocalNetwork network;

  @BeforeAll
  static void startNetwork() {
    network = LocalNetwork.create(LocalNetwork.Settings.of(1, NODES).withDegree(0));
    network.start().block(WITHIN);
  }

  @AfterAll
  static void stopNetwork() {
    network.close();
  }

  @Test
  void forAllRunsTheActionOnEveryNodeOnceInNetworkOrderOneAfterTheOther() {
    List<String> events = Collections.synchronizedList(new ArrayList<>());

    network.forAll(n -> Mono.fromRunnable(() -> events.add("start " + name(n)))
            .then(Mono.delay(Duration.ofMillis(2)))
            .then(Mono.fromRunnable(() -> events.add("end " + name(n)))))
        .block(WITHIN);

    List<String> expected = new ArrayList<>();
    for (Node n : network.all()) {
      expected.add("start " + name(n));
      expected.add("end " + name(n));
    }
    assertThat(events).containsExactlyElementsOf(expected);
    assertThat(events.get(0)).isEqualTo("start BOOTNODE 0");
    assertThat(events).hasSize(2 * (1 + NODES));
  }

  @Test
  void forAllAsyncRunsAsManyActionsAtOnceAsItsBoundAndNoMore() {
    // each action waits until FOR_ALL_CONCURRENCY actions have started: run one after the
    // other, the first would wait for ever
    AtomicInteger started = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    Sinks.Empty<Void> enoughStarted = Sinks.empty();
    List<Node> visited = Collections.synchronizedList(new ArrayList<>());

    Mono<Void> run = network.forAllAsync(n -> Mono.defer(() -> {
      visited.add(n);
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      if (started.incrementAndGet() == LocalNetwork.FOR_ALL_CONCURRENCY) {
        enoughStarted.tryEmitEmpty().orThrow();
      }
      return enoughStarted.asMono();
    }).doOnTerminate(inFlight::decrementAndGet));

    StepVerifier.create(run).expectComplete().verify(Duration.ofSeconds(10));
    assertThat(maxInFlight).hasValue(LocalNetwork.FOR_ALL_CONCURRENCY);
    assertThat(visited).containsExactlyInAnyOrderElementsOf(network.all());
  }

  @Test
  void forAllAsyncWithAConcurrencyOfThreeNeverRunsAFourthActionAtOnce() {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    AtomicInteger ran = new AtomicInteger();

    network.forAllAsync(n -> Mono.defer(() -> {
              maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              return Mono.delay(Duration.ofMillis(10));
            })
            // before the completion travels on, so the next action cannot start first
            .doOnTerminate(inFlight::decrementAndGet)
            .doOnSuccess(x -> ran.incrementAndGet()), 3)
        .block(WITHIN);

    assertThat(maxInFlight).hasValue(3);
    assertThat(ran).hasValue(1 + NODES);
  }

  @ParameterizedTest(name = "async = {0}")
  @ValueSource(booleans = {false, true})
  void failuresOfSomeNodesAreReportedTogetherOnceEveryNodeRan(boolean async) {
    Map<String, RuntimeException> errors = Map.of(
        "BOOTNODE 0", new IllegalStateException("thrown by the action"),
        "NODE 2", new IllegalArgumentException("a failed publisher"),
        "NODE 5", new ShutdownException("another failed publisher"));
    List<Node> visited = Collections.synchronizedList(new ArrayList<>());
    Function<Node, Publisher<?>> action = n -> {
      visited.add(n);
      RuntimeException error = errors.get(name(n));
      if (error instanceof IllegalStateException) {
        throw error;
      }
      return error == null ? Mono.delay(Duration.ofMillis(1)) : Mono.error(error);
    };

    NodeFailuresException failure = catchThrowableOfType(NodeFailuresException.class,
        () -> (async ? network.forAllAsync(action) : network.forAll(action)).block(WITHIN));

    assertThat(visited).containsExactlyInAnyOrderElementsOf(network.all());
    assertThat(failure.attempted()).isEqualTo(1 + NODES);
    assertThat(failure.failures()).extracting(f -> name(f.node()))
        .containsExactly("BOOTNODE 0", "NODE 2", "NODE 5");
    assertThat(failure.failures()).extracting(Failure::error)
        .containsExactly(errors.get("BOOTNODE 0"), errors.get("NODE 2"), errors.get("NODE 5"));
    // block() adds a suppressed exception of its own after them
    assertThat(failure.getSuppressed()).startsWith(errors.get("BOOTNODE 0"),
        errors.get("NODE 2"), errors.get("NODE 5"));
    assertThat(failure.getCause()).isSameAs(errors.get("BOOTNODE 0"));
    assertThat(failure).hasMessage("3 of " + (1 + NODES) + " nodes failed: "
        + "BOOTNODE 0 (" + shortId("BOOTNODE 0") + "…): IllegalStateException: thrown by the "
        + "action; NODE 2 (" + shortId("NODE 2") + "…): IllegalArgumentException: a failed "
        + "publisher; NODE 5 (" + shortId("NODE 5") + "…): ShutdownException: another failed "
        + "publisher");
  }

  @Test
  void awaitGossipReadyWaitsWhileNodesHaveNoPeer() {
    // degree 0 converges at once, yet no node ever dials: gossip reaches nobody
    StepVerifier.create(network.awaitConverged()).expectComplete().verify(WITHIN);

    StepVerifier.create(network.awaitGossipReady())
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(300))
        .thenCancel()
        .verify(WITHIN);
  }

  @Test
  void awaitGossipReadyCompletesOnceEveryNodeHasAPeer() {
    try (LocalNetwork small = LocalNetwork.create(LocalNetwork.Settings.of(1, 3)
        .withDegree(1))) {
      Boolean everyNodeHasAPeer = small.start()
          .then(small.awaitGossipReady())
          .then(Mono.fromCallable(() -> small.all().stream()
              .noneMatch(n -> n.node().connectedPeers().isEmpty())))
          .block(WITHIN);

      assertThat(everyNodeHasAPeer).isTrue();
    }
  }

  @Test
  void awaitGossipReadyFailsWhenANodeShutsDownWithoutEverHavingAPeer() {
    try (LocalNetwork alone = LocalNetwork.create(LocalNetwork.Settings.of(1, 0)
        .withDegree(0))) {
      alone.start().block(WITHIN);

      StepVerifier.create(alone.awaitGossipReady())
          .expectSubscription()
          .then(() -> alone.shutdown().block(WITHIN))
          .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ShutdownException.class)
              .hasMessage("BOOTNODE 0 shut down before it had a peer"))
          .verify(WITHIN);
    }
  }

  private static String name(Node n) {
    return n.role() + " " + n.index();
  }

  private static String shortId(String name) {
    return network.all().stream().filter(n -> name(n).equals(name)).findFirst().orElseThrow()
        .node().localKey().shortId();
  }
}
