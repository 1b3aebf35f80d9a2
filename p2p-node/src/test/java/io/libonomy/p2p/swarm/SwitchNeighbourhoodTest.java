package io.libonomy.p2p.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.api.Direction;
import io.libonomy.p2p.api.PeerEvent;
import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.discovery.DiscoveryMeters;
import io.libonomy.p2p.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Bootstrap, the outbound-peer loop and the peers file on live nodes over loopback. */
class SwitchNeighbourhoodTest {

  private final TestNodes nodes = new TestNodes();

  @AfterEach
  void shutdown() {
    nodes.close();
  }

  private static P2PConfig bootstrapFrom(P2PConfig config, List<Switch> bootnodes, int randcon) {
    return config.withSwarm(config.swarm().withBootstrap(true).withRandomConnections(randcon)
        .withBootnodes(bootnodes.stream().map(b -> b.localNode().toUrl()).toList()));
  }

  private static P2PConfig keep(P2PConfig config, int randcon) {
    return config.withSwarm(config.swarm().withRandomConnections(randcon));
  }

  @Test
  void nodesBootstrapFromABootnodeAndReachTheirOutboundTarget() {
    // n nodes can hold at most n(n-1)/2 connections, each outbound on one side only: keep the
    // demand (6 × 2) well below that (21) so that every node can reach its target
    Switch boot = nodes.start(c -> keep(c, 0)).node();
    List<Switch> joined = Flux.range(0, 6)
        .map(i -> nodes.start(c -> bootstrapFrom(c, List.of(boot), 2)).node())
        .collectList().block();

    Flux.fromIterable(joined).flatMap(n -> n.awaitBootstrap().then(n.awaitNeighbourhood()))
        .then().block(TestNodes.TIMEOUT);

    // readiness means the target was reached once; a simultaneous dial from both sides may
    // later keep the other side's connection (the §5.2 tie-break), and the loop dials again
    Await.until(() -> joined.stream().allMatch(n -> n.peerCount(Direction.OUTBOUND) >= 2),
        TestNodes.TIMEOUT, "every node at 2 outbound peers");
    for (Switch n : joined) {
      assertThat(n.addressBook().size()).isGreaterThanOrEqualTo(2);
    }
    assertThat(boot.addressBook().size()).as("the bootnode learned every pinger").isEqualTo(6);
  }

  @Test
  void aPeerIsNeverCountedBothInboundAndOutbound() {
    Switch boot = nodes.start(c -> keep(c, 0)).node();
    List<Switch> joined = Flux.range(0, 8)
        .map(i -> nodes.start(c -> bootstrapFrom(c, List.of(boot), 2)).node())
        .collectList().block();
    Flux.fromIterable(joined).flatMap(Switch::awaitNeighbourhood).then()
        .block(TestNodes.TIMEOUT);

    // neighbourhoods keep changing (tie-breaks, refills), so each check reads a moment when
    // the peer set did not move between its reads; double counting would never pass
    for (Switch n : joined) {
      Await.until(() -> {
        Set<PublicKey> before = n.connectedPeers();
        // a peer gone since the first read leaves the replay short: give up on this moment
        Set<PublicKey> replayed = n.peerEvents().take(before.size())
            .take(Duration.ofSeconds(1))
            .map(PeerEvent::peer).collect(Collectors.toSet()).block(TestNodes.TIMEOUT);
        int counted = n.peerCount(Direction.INBOUND) + n.peerCount(Direction.OUTBOUND);
        Set<PublicKey> after = n.connectedPeers();
        return before.equals(after) && replayed.equals(before) && counted == before.size();
      }, TestNodes.TIMEOUT, "replayed peers, counts and peer set agree at " + n);
    }
  }

  @Test
  void withoutBootstrapAndGossipTheReadinessSignalsCompleteAtOnce() {
    Switch quiet = nodes.start(c -> c.withSwarm(c.swarm().withGossip(false))).node();

    StepVerifier.create(quiet.awaitBootstrap()).expectComplete().verify(TestNodes.TIMEOUT);
    StepVerifier.create(quiet.awaitNeighbourhood()).expectComplete().verify(TestNodes.TIMEOUT);
  }

  @Test
  void shutdownFailsAReadinessSignalThatNeverCompleted() {
    // a bootnode that no one answers: the neighbourhood can never fill
    Switch lonely = nodes.start(c -> keep(c, 3)).node();

    lonely.shutdown().block(TestNodes.TIMEOUT);

    StepVerifier.create(lonely.awaitNeighbourhood()).expectError(ShutdownException.class)
        .verify(TestNodes.TIMEOUT);
  }

  @Test
  void theAddressBookIsSavedAtShutdownAndLoadedByTheNextRun(@TempDir Path dataDir) {
    Switch boot = nodes.start(c -> keep(c, 0)).node();
    P2PConfig config = bootstrapFrom(TestNodes.loopback(), List.of(boot), 1);
    Switch first = Switch.create(config, dataDir, new SimpleMeterRegistry());
    first.start().then(first.awaitBootstrap()).block(TestNodes.TIMEOUT);
    int learned = first.addressBook().size();
    PublicKey key = first.localKey();
    first.shutdown().block(TestNodes.TIMEOUT);

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Switch second = Switch.create(config.withSwarm(config.swarm().withBootstrap(false)),
        dataDir, registry);
    try {
      second.start().block(TestNodes.TIMEOUT);
      assertThat(second.localKey()).isEqualTo(key);
      assertThat(second.addressBook().size()).isEqualTo(learned).isPositive();
      assertThat(second.addressBook().lookup(boot.localKey())).isPresent();
      assertThat(registry.get(DiscoveryMeters.BOOK_SIZE).gauge().value())
          .isEqualTo(learned);
    } finally {
      second.shutdown().block(TestNodes.TIMEOUT);
    }
  }
}
