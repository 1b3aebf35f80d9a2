package io.libonomy.p2p.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.api.DirectMessage;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.gossip.MessageId;
import io.libonomy.p2p.gossip.Priority;
import io.libonomy.p2p.testing.Await;
import io.libonomy.p2p.testkit.LocalNetwork.Node;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Gossip across whole local networks: the seed's integration suite and node failures. */
class LocalNetworkGossipTest {

  private static final Duration CONVERGE = Duration.ofSeconds(60);
  /** The seed's integration test message size. */
  private static final int SEED_MESSAGE_BYTES = 108_692;

  private static GossipLoad.Settings load(int messages, int bytes, double rate) {
    return new GossipLoad.Settings(messages, bytes, rate, "blocks/1", 3, Duration.ofSeconds(60));
  }

  @Test
  void everyNodeReceivesEveryBroadcastExactlyOnce() {
    try (LocalNetwork network = LocalNetwork.create(LocalNetwork.Settings.of(1, 11)
        .withDegree(3))) {
      network.start().then(network.awaitConverged()).block(CONVERGE);

      GossipLoad.Result result = GossipLoad.run(network, load(30, 1_024, 200))
          .block(CONVERGE);

      assertThat(result.errors()).isEmpty();
      assertThat(result.messages()).isEqualTo(30);
      assertThat(result.expectedDeliveries()).isEqualTo(30 * 12);
      assertThat(result.deliveries()).isEqualTo(result.expectedDeliveries());
      assertThat(result.duplicateDeliveries()).isZero();
      assertThat(result.missingDeliveries()).isZero();
      assertThat(result.framesPerMessage()).as("each node relays to its neighbours")
          .isGreaterThanOrEqualTo(11);
      assertThat(result.bytesSent()).isGreaterThan(30L * 1_024 * 11);
      assertThat(result.latencyMillis().max()).isPositive();
    }
  }

  @Test
  void seedSuiteOneBootnodeTwoNodesDirectMessageAndLargeGossip() {
    try (LocalNetwork network = LocalNetwork.create(LocalNetwork.Settings.of(1, 2)
        .withDegree(1))) {
      network.start().then(network.awaitConverged()).block(CONVERGE);
      Node from = network.nodes().get(0);
      Node to = network.bootnodes().get(0);
      // degree 1 may converge without a link between these two (node 0 dials node 1, the
      // bootnode dials node 1 too, and node 1 is then connected to everyone): connect them;
      // connect() returns the open connection when there is one, in either direction
      from.node().connect(to.info()).block(CONVERGE);
      Await.until(() -> to.node().connectedPeers().contains(from.node().localKey()),
          CONVERGE, "the bootnode sees the node's connection");
      Mono<DirectMessage> arrived = to.node().direct("chat/1").next().cache();
      Disposable waiting = arrived.subscribe(m -> { }, e -> { });
      try {
        from.node().send(to.node().localKey(), "chat/1",
            "hello".getBytes(StandardCharsets.UTF_8)).block(CONVERGE);
        assertThat(arrived.block(Duration.ofSeconds(10)).sender())
            .isEqualTo(from.node().localKey());
      } finally {
        waiting.dispose();
      }

      GossipLoad.Result result = GossipLoad.run(network, load(10, SEED_MESSAGE_BYTES, 50))
          .block(CONVERGE);

      assertThat(result.exact()).as("%s", result).isTrue();
      assertThat(result.deliveries()).isEqualTo(30);
    }
  }

  @Test
  void seedSuiteThreeBootnodesTwentyNodesLargeMessagesExactlyOnce() {
    try (LocalNetwork network = LocalNetwork.create(LocalNetwork.Settings.of(3, 20)
        .withDegree(4))) {
      network.start().then(network.awaitConverged()).block(CONVERGE);

      GossipLoad.Result result = GossipLoad.run(network, load(20, SEED_MESSAGE_BYTES, 20))
          .block(CONVERGE);

      assertThat(result.exact()).as("%s", result).isTrue();
      assertThat(result.deliveries()).isEqualTo(20 * 23);
    }
  }

  @Test
  void survivorsReceiveEveryMessageBroadcastAfterThirtyPercentOfTheNodesWereKilled() {
    try (LocalNetwork network = LocalNetwork.create(LocalNetwork.Settings.of(1, 19)
        .withDegree(4))) {
      network.start().then(network.awaitConverged()).block(CONVERGE);
      List<Node> all = network.all();
      Map<Node, Set<MessageId>> received = new ConcurrentHashMap<>();
      Disposable.Composite subscriptions = Disposables.composite();
      for (Node n : all) {
        Set<MessageId> ids = ConcurrentHashMap.newKeySet();
        received.put(n, ids);
        subscriptions.add(n.node().gossip("blocks/1", Priority.MID).subscribe(m -> {
          ids.add(m.id());
          m.accept();
        }));
      }
      try {
        List<Node> victims = new ArrayList<>(network.nodes().subList(0, 6));
        List<Node> survivors = all.stream().filter(n -> !victims.contains(n)).toList();
        SplittableRandom random = new SplittableRandom(5);
        // a run in progress: broadcasts from everyone, the victims among them
        Flux.range(0, 20)
            .delayElements(Duration.ofMillis(10))
            .flatMap(i -> all.get(random.nextInt(all.size())).node()
                .broadcast("blocks/1", ("before " + i).getBytes(StandardCharsets.UTF_8))
                .onErrorResume(e -> Mono.empty()))
            .subscribe();

        Flux.fromIterable(victims).flatMap(v -> v.node().shutdown()).then().block(CONVERGE);
        // gossip is never re-sent: "after" means once the survivors have refilled their
        // neighbourhoods, not while one of them may still hang off victims alone
        Await.until(() -> healed(survivors), CONVERGE,
            "the survivors linked only to each other, in one piece");
        List<MessageId> after = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          byte[] payload = ("after " + i).getBytes(StandardCharsets.UTF_8);
          after.add(MessageId.of(payload, "blocks/1"));
          survivors.get(random.nextInt(survivors.size())).node()
              .broadcast("blocks/1", payload).block(CONVERGE);
        }

        Await.until(() -> survivors.stream()
                .allMatch(n -> received.get(n).containsAll(after)),
            CONVERGE, "every survivor has every message broadcast after the kill");
      } finally {
        subscriptions.dispose();
      }
    }
  }

  /** Whether no survivor lists a dead peer and every survivor reaches every other. */
  private static boolean healed(List<Node> survivors) {
    Map<PublicKey, Set<PublicKey>> links = new HashMap<>();
    for (Node n : survivors) {
      links.put(n.node().localKey(), n.node().connectedPeers());
    }
    if (links.values().stream().anyMatch(peers -> !links.keySet().containsAll(peers))) {
      return false;
    }
    Set<PublicKey> reached = new HashSet<>();
    ArrayDeque<PublicKey> frontier = new ArrayDeque<>();
    frontier.add(survivors.get(0).node().localKey());
    while (!frontier.isEmpty()) {
      PublicKey next = frontier.poll();
      if (reached.add(next)) {
        frontier.addAll(links.get(next));
      }
    }
    return reached.size() == survivors.size();
  }
}
