package io.libonomy.p2p.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.gossip.GossipMessage;
import io.libonomy.p2p.gossip.Priority;
import io.libonomy.p2p.testkit.LocalNetwork;
import io.libonomy.p2p.testkit.LocalNetwork.Node;
import io.libonomy.p2p.testkit.LocalNetwork.Role;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class LocalNetworkExtensionTest {

  private static final Duration WITHIN = Duration.ofSeconds(30);

  @LocalNetworkTest(bootnodes = 2, nodes = 3, degree = 2, seed = 7)
  void injectsAStartedAndConvergedNetworkOfTheAnnotatedShape(LocalNetwork network) {
    assertThat(network.bootnodes()).hasSize(2);
    assertThat(network.nodes()).hasSize(3);
    // started alone, no node would have a peer yet
    assertThat(network.all()).allSatisfy(n -> assertThat(n.node().connectedPeers())
        .as("peers of %s %d", n.role(), n.index()).isNotEmpty());
    StepVerifier.create(network.awaitConverged()).expectComplete().verify(Duration.ofSeconds(1));
    try (LocalNetwork sameSeed = LocalNetwork.create(LocalNetwork.Settings.of(2, 3)
        .withDegree(0).withSeed(7))) {
      sameSeed.start().block(WITHIN);
      assertThat(keys(network)).isEqualTo(keys(sameSeed));
    }
  }

  /** The example of docs/testing.md, on a smaller network. */
  @LocalNetworkTest(bootnodes = 1, nodes = 5, degree = 2)
  void everyNodeReceivesABroadcastOnceTheNetworkIsGossipReady(LocalNetwork network) {
    // every node listens before the broadcast: gossip is never sent again
    Map<Node, Mono<GossipMessage>> received = new HashMap<>();
    for (Node n : network.all()) {
      Mono<GossipMessage> first = n.node().gossip("news/1", Priority.MID)
          .doOnNext(GossipMessage::accept)
          .next()
          .cache();
      first.subscribe(m -> { }, e -> { });
      received.put(n, first);
    }

    network.awaitGossipReady()
        .then(network.nodes().get(0).node()
            .broadcast("news/1", "hello".getBytes(StandardCharsets.UTF_8)))
        .then(network.forAllAsync(n -> received.get(n).timeout(Duration.ofSeconds(10))))
        .block(WITHIN);

    assertThat(received.values()).allSatisfy(first -> assertThat(
        new String(first.block(WITHIN).payload(), StandardCharsets.UTF_8)).isEqualTo("hello"));
  }

  @Test
  void closesTheNetworkAfterEachTestWhetherItPassedOrFailed() {
    Fixtures.injected.clear();

    TestExecutionSummary summary = run(Fixtures.class);

    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    assertThat(summary.getTestsFailedCount()).isEqualTo(1);
    assertThat(summary.getFailures().get(0).getException()).hasMessage("failed on purpose");
    assertThat(Fixtures.injected).containsOnlyKeys("passes", "fails");
    assertThat(Fixtures.injected.get("passes")).isNotSameAs(Fixtures.injected.get("fails"));
    Fixtures.injected.values().forEach(network -> {
      assertThat(network.all()).hasSize(3);
      for (Node n : network.all()) {
        StepVerifier.create(n.node().start()).expectError(ShutdownException.class).verify(WITHIN);
      }
    });
  }

  @Test
  void aNetworkThatCannotStartFailsTheTestWithItsProgressAndCause() {
    TestExecutionSummary summary = run(StartFailureFixture.class);

    assertThat(summary.getTestsFailedCount()).isEqualTo(1);
    Throwable failure = summary.getFailures().get(0).getException();
    assertThat(failure).isInstanceOf(ParameterResolutionException.class)
        .hasMessageStartingWith("LocalNetwork of 1 bootnodes and 2 nodes (degree 1, seed 1) "
            + "failed to start and converge: Progress[started=1, ")
        .hasMessageContaining("total=3")
        .hasMessageEndingWith("cause: java.lang.IllegalStateException: no configuration for NODE")
        .cause().isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aNetworkThatDoesNotConvergeInTimeFailsTheTestNamingTheTimeout() {
    TestExecutionSummary summary = run(ConvergeTimeoutFixture.class);

    assertThat(summary.getTestsFailedCount()).isEqualTo(1);
    assertThat(summary.getFailures().get(0).getException())
        .isInstanceOf(ParameterResolutionException.class)
        .hasMessageStartingWith("LocalNetwork of 1 bootnodes and 1 nodes (degree 1, seed 1) "
            + "did not start and converge within 1 s: Progress[started=2, ");
  }

  /** Class-level: every test method of the class gets a network of this shape. */
  @Nested
  @LocalNetworkTest(nodes = 1, degree = 1)
  class AnnotatedClass {

    private LocalNetwork beforeEach;

    @BeforeEach
    void remember(LocalNetwork network) {
      beforeEach = network;
    }

    @Test
    void theTestAndItsBeforeEachShareTheClassShapedNetwork(LocalNetwork network) {
      assertThat(network).isSameAs(beforeEach);
      assertThat(network.bootnodes()).hasSize(1);
      assertThat(network.nodes()).hasSize(1);
      assertThat(network.all()).allSatisfy(n -> assertThat(n.node().connectedPeers())
          .isNotEmpty());
    }
  }

  private static Set<String> keys(LocalNetwork network) {
    return network.all().stream().map(n -> n.node().localKey().toString())
        .collect(Collectors.toSet());
  }

  private static TestExecutionSummary run(Class<?> fixture) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build(),
        listener);
    return listener.getSummary();
  }

  /** Run only by {@link #run}: not a top-level class, so the build does not pick it up. */
  static class Fixtures {
    static final Map<String, LocalNetwork> injected = new ConcurrentHashMap<>();

    @LocalNetworkTest
    void passes(LocalNetwork network) {
      injected.put("passes", network);
    }

    @LocalNetworkTest
    void fails(LocalNetwork network) {
      injected.put("fails", network);
      throw new AssertionError("failed on purpose");
    }
  }

  static class StartFailureFixture {
    @LocalNetworkTest(hook = NodesCannotBeConfigured.class)
    void neverRuns(LocalNetwork network) {
      throw new AssertionError("the network cannot start");
    }
  }

  static class ConvergeTimeoutFixture {
    @LocalNetworkTest(nodes = 1, timeoutSeconds = 1, hook = NodesDoNotBootstrap.class)
    void neverRuns(LocalNetwork network) {
      throw new AssertionError("the network cannot converge");
    }
  }

  static final class NodesCannotBeConfigured implements LocalNetwork.ConfigHook {
    @Override
    public P2PConfig configure(Role role, int index, P2PConfig config) {
      if (role == Role.NODE) {
        throw new IllegalStateException("no configuration for NODE");
      }
      return config;
    }
  }

  /** The node never learns the bootnode's address, and the bootnode knows nobody. */
  static final class NodesDoNotBootstrap implements LocalNetwork.ConfigHook {
    @Override
    public P2PConfig configure(Role role, int index, P2PConfig config) {
      return config.withSwarm(config.swarm().withBootstrap(false).withBootnodes(List.of()));
    }
  }
}
