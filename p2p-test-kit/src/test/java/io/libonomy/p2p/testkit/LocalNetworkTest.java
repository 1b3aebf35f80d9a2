package io.libonomy.p2p.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.api.Direction;
import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.testing.Await;
import io.libonomy.p2p.testkit.LocalNetwork.Node;
import io.libonomy.p2p.testkit.LocalNetwork.Role;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class LocalNetworkTest {

  private static final Duration CONVERGE = Duration.ofSeconds(60);

  @Test
  void oneBootnodeAndFourteenNodesConvergeToTheirDegree() {
    // small networks need room: a bootnode every node dialled has no one left to dial itself
    try (LocalNetwork network = LocalNetwork.create(LocalNetwork.Settings.of(1, 14)
        .withDegree(2))) {
      network.start().then(network.awaitConverged()).block(CONVERGE);

      assertThat(network.all()).hasSize(15);
      // reached once each; a tie-break between simultaneous dials may take one away for a while
      Await.until(() -> network.all().stream()
              .allMatch(n -> n.node().peerCount(Direction.OUTBOUND) >= 2),
          CONVERGE, "every node at 2 outbound peers");
      for (Node n : network.all()) {
        assertThat(n.node().addressBook().size()).as("address book of %s", n)
            .isGreaterThanOrEqualTo(2);
      }
      assertThat(network.progress().atTarget()).isEqualTo(15);
      assertThat(network.progress().bootstrapped()).isEqualTo(15);
    }
  }

  @Test
  void aNetworkTooSmallForItsDegreeConvergesOnceEveryNodeIsConnectedToEveryOther() {
    // three nodes wanting two outbound peers each: six dials for three links, so some node is
    // always left with inbound peers only and nobody to dial
    try (LocalNetwork network = LocalNetwork.create(LocalNetwork.Settings.of(1, 2)
        .withDegree(2))) {
      network.start().then(network.awaitConverged()).block(CONVERGE);

      for (Node n : network.all()) {
        assertThat(n.node().connectedPeers()).as("peers of %s", n).hasSize(2);
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameIdentities() {
    Set<String> first = new HashSet<>();
    Set<String> second = new HashSet<>();
    for (Set<String> keys : List.of(first, second)) {
      try (LocalNetwork network = LocalNetwork.create(LocalNetwork.Settings.of(1, 2)
          .withDegree(0).withSeed(42))) {
        network.start().block(CONVERGE);
        network.all().forEach(n -> keys.add(n.node().localKey().toString()));
      }
    }
    assertThat(first).hasSize(3).isEqualTo(second);
  }

  @Test
  void survivorsRefillTheirOutboundPeersWhenThirtyPercentOfTheNodesStop() {
    // 16 nodes, 5 stop: the 11 survivors need 33 of their 55 possible links as outbound
    try (LocalNetwork network = LocalNetwork.create(LocalNetwork.Settings.of(1, 15)
        .withDegree(3))) {
      network.start().then(network.awaitConverged()).block(CONVERGE);
      List<Node> nodes = network.nodes();
      List<Node> stopped = nodes.subList(0, 5);
      List<Node> survivors = network.all().stream().filter(n -> !stopped.contains(n)).toList();

      Flux.fromIterable(stopped).flatMap(n -> n.node().shutdown()).then().block(CONVERGE);

      // a survivor is short only when it already has every other survivor as a peer (a hub:
      // all of them dialled it, and an inbound peer is never counted as outbound too)
      Await.until(() -> survivors.stream().allMatch(n -> {
            Set<PublicKey> peers = n.node().connectedPeers();
            boolean noneStopped = stopped.stream()
                .noneMatch(s -> peers.contains(s.node().localKey()));
            boolean full = n.node().peerCount(Direction.OUTBOUND) >= 3
                || survivors.stream().filter(o -> o != n)
                    .allMatch(o -> peers.contains(o.node().localKey()));
            return noneStopped && full;
          }),
          CONVERGE, "every survivor back at 3 outbound peers (or linked to all), none stopped");
    }
  }

  @Test
  void hooksSeeEveryNodeAndOnlyNodesBootstrapFromTheBootnodes() {
    Map<String, P2PConfig> seen = new ConcurrentHashMap<>();
    LocalNetwork.Settings settings = LocalNetwork.Settings.of(2, 3).withDegree(1)
        .withHook((role, index, config) -> {
          seen.put(role + "-" + index, config);
          return config;
        });
    try (LocalNetwork network = LocalNetwork.create(settings)) {
      network.start().then(network.awaitConverged()).block(CONVERGE);

      assertThat(seen).containsOnlyKeys("BOOTNODE-0", "BOOTNODE-1", "NODE-0", "NODE-1",
          "NODE-2");
      List<String> urls = network.bootnodes().stream().map(n -> n.info().toUrl()).toList();
      seen.forEach((name, config) -> {
        boolean node = name.startsWith("NODE");
        assertThat(config.swarm().bootstrap()).as(name).isEqualTo(node);
        assertThat(config.swarm().bootnodes()).as(name)
            .containsExactlyInAnyOrderElementsOf(node ? urls : List.of());
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
      });
      // bootnodes know each other without a bootstrap
      for (Node boot : network.bootnodes()) {
        assertThat(boot.node().addressBook().lookup(network.bootnodes().stream()
            .filter(other -> other != boot).findFirst().orElseThrow().node().localKey()))
            .isPresent();
      }
    }
  }
}
