package io.libonomy.p2p.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.api.ConnectionClosedException;
import io.libonomy.p2p.api.Direction;
import io.libonomy.p2p.api.PeerEvent;
import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.identity.NodeInfo;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The outbound-peer loop on virtual time with a scripted discovery and dialler. */
class NeighbourhoodTest {

  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final Duration DIAL_TIMEOUT = Duration.ofSeconds(20);

  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private final PublicKey self = KeyPair.generate().publicKey();
  private final ScriptedDiscovery discovery = new ScriptedDiscovery();
  private final Map<PublicKey, Direction> peers = new ConcurrentHashMap<>();
  private final Sinks.Many<PeerEvent> events = Sinks.many().multicast().directBestEffort();
  private final Set<PublicKey> unreachable = ConcurrentHashMap.newKeySet();
  private final Set<PublicKey> stopsTheLoop = ConcurrentHashMap.newKeySet();
  private final List<PublicKey> dialled = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger concurrentRounds = new AtomicInteger();
  private Neighbourhood neighbourhood;

  @AfterEach
  void stop() {
    if (neighbourhood != null) {
      neighbourhood.stop();
    }
    time.dispose();
  }

  private Neighbourhood start(int target) {
    neighbourhood = new Neighbourhood(
        new Neighbourhood.Settings(self, target, RETRY, DIAL_TIMEOUT, time), discovery,
        this::dial, peers::containsKey,
        direction -> (int) peers.values().stream().filter(direction::equals).count(),
        events.asFlux());
    neighbourhood.start();
    return neighbourhood;
  }

  private Mono<PublicKey> dial(NodeInfo node) {
    dialled.add(node.id());
    if (stopsTheLoop.contains(node.id())) {
      // the node shuts down while this dial starts: the loop is cancelled, then the dial fails
      return Mono.defer(() -> {
        neighbourhood.stop();
        return Mono.error(new ShutdownException("switch is shut down"));
      });
    }
    if (unreachable.contains(node.id())) {
      return Mono.error(new ConnectionClosedException("refused"));
    }
    return Mono.fromCallable(() -> {
      peers.put(node.id(), Direction.OUTBOUND);
      events.tryEmitNext(new PeerEvent.Connected(node.id(), Direction.OUTBOUND));
      return node.id();
    });
  }

  private void disconnect(PublicKey peer) {
    Direction direction = peers.remove(peer);
    events.tryEmitNext(new PeerEvent.Disconnected(peer, direction));
  }

  private static NodeInfo node(int port) {
    return new NodeInfo(KeyPair.generate().publicKey(), InetAddress.getLoopbackAddress(), port,
        port);
  }

  private List<NodeInfo> offer(int n) {
    List<NodeInfo> nodes = IntStream.range(0, n).mapToObj(i -> node(7000 + i)).toList();
    discovery.candidates.addAll(nodes);
    return nodes;
  }

  @Test
  void dialsTheMissingPeersAndIsReadyAtTheTarget() {
    offer(3);
    Neighbourhood n = start(3);

    StepVerifier.create(n.ready()).expectComplete().verify(Duration.ofSeconds(1));
    assertThat(peers).hasSize(3).containsValues(Direction.OUTBOUND);
    assertThat(discovery.attempts).hasSize(3);
    assertThat(discovery.good).hasSize(3);
  }

  @Test
  void attemptsEverySelectedPeerButMarksOnlyTheSuccessesGood() {
    List<NodeInfo> nodes = offer(10);
    nodes.subList(0, 8).forEach(node -> unreachable.add(node.id()));
    start(10);

    assertThat(discovery.attempts).hasSize(10);
    assertThat(discovery.good).containsExactlyInAnyOrder(nodes.get(8).id(), nodes.get(9).id());
    assertThat(peers).hasSize(2);
  }

  @Test
  void aDialThatFailsAfterTheLoopWasStoppedIsNotReportedAsADroppedError() {
    List<Throwable> dropped = Collections.synchronizedList(new ArrayList<>());
    Hooks.onErrorDropped(dropped::add);
    try {
      start(1); // nobody to dial yet: the first round finds no candidate
      List<NodeInfo> nodes = offer(1);
      stopsTheLoop.add(nodes.get(0).id());
      time.advanceTimeBy(RETRY); // the next round dials it

      assertThat(dialled).containsExactly(nodes.get(0).id());
      assertThat(dropped).as("errors Reactor would log as dropped").isEmpty();
    } finally {
      Hooks.resetOnErrorDropped();
    }
  }

  @Test
  void neverDialsAPeerThatIsAlreadyConnectedInbound() {
    List<NodeInfo> nodes = offer(3);
    peers.put(nodes.get(0).id(), Direction.INBOUND);
    start(3);

    assertThat(dialled).doesNotContain(nodes.get(0).id()).hasSize(2);
    assertThat(peers.get(nodes.get(0).id())).isEqualTo(Direction.INBOUND);
  }

  @Test
  void isNotReadyWhileDialsFailAndRetriesEachInterval() {
    List<NodeInfo> nodes = offer(2);
    nodes.forEach(node -> unreachable.add(node.id()));
    Neighbourhood n = start(2);
    assertThat(discovery.rounds.get()).isEqualTo(1);

    time.advanceTimeBy(RETRY.multipliedBy(3));
    assertThat(discovery.rounds.get()).isEqualTo(4);
    StepVerifier.create(n.ready()).expectSubscription().expectNoEvent(Duration.ofMillis(50))
        .thenCancel().verify();

    unreachable.clear();
    time.advanceTimeBy(RETRY);
    StepVerifier.create(n.ready()).expectComplete().verify(Duration.ofSeconds(1));
  }

  @Test
  void anOutboundPeerLeavingIsReplacedWithoutWaitingForTheTimer() {
    offer(3);
    start(2);
    PublicKey gone = discovery.good.get(0);
    int rounds = discovery.rounds.get();

    NodeInfo spare = discovery.candidates.get(2);
    discovery.candidates.removeIf(c -> c.id().equals(gone)); // it left the network

    disconnect(gone);

    assertThat(discovery.rounds.get()).isEqualTo(rounds + 1);
    assertThat(peers).hasSize(2).doesNotContainKey(gone).containsKey(spare.id());
  }

  @Test
  void anInboundPeerLeavingTriggersNoRound() {
    offer(1);
    start(1);
    PublicKey inbound = KeyPair.generate().publicKey();
    peers.put(inbound, Direction.INBOUND);
    int rounds = discovery.rounds.get();

    disconnect(inbound);

    assertThat(discovery.rounds.get()).isEqualTo(rounds);
  }

  @Test
  void roundsNeverOverlapWhileDiscoveryIsSlow() {
    offer(5);
    discovery.delay = RETRY.multipliedBy(5);
    start(5);

    time.advanceTimeBy(RETRY.multipliedBy(20));

    assertThat(discovery.maxConcurrent.get()).isEqualTo(1);
    assertThat(peers).hasSize(5);
  }

  @Test
  void stopFailsAPendingReadyAndEndsTheLoop() {
    offer(1);
    unreachable.addAll(discovery.candidates.stream().map(NodeInfo::id).toList());
    Neighbourhood n = start(1);
    Mono<Void> ready = n.ready();

    n.stop();
    int rounds = discovery.rounds.get();
    time.advanceTimeBy(RETRY.multipliedBy(10));

    StepVerifier.create(ready).expectError(ShutdownException.class).verify(Duration.ofSeconds(1));
    assertThat(discovery.rounds.get()).isEqualTo(rounds);
  }

  @Test
  void tooFewUsableAddressesStartARefreshWhileTheFoundOnesAreDialled() {
    offer(1);
    start(2);

    assertThat(discovery.refreshes.get()).isEqualTo(1);
    assertThat(peers).hasSize(1);

    offer(1); // what the refresh learned: the next round dials it
    time.advanceTimeBy(RETRY);
    assertThat(peers).hasSize(2);
  }

  @Test
  void aTargetOfZeroIsReadyAtOnceAndDialsNobody() {
    offer(3);
    Neighbourhood n = start(0);

    StepVerifier.create(n.ready()).expectComplete().verify(Duration.ofSeconds(1));
    assertThat(dialled).isEmpty();
  }

  /** Offers its candidates, not yet connected ones first, like a book of exactly these. */
  private final class ScriptedDiscovery implements PeerSource {
    final List<NodeInfo> candidates = Collections.synchronizedList(new ArrayList<>());
    final List<PublicKey> attempts = Collections.synchronizedList(new ArrayList<>());
    final List<PublicKey> good = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger rounds = new AtomicInteger();
    final AtomicInteger refreshes = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    volatile Duration delay = Duration.ZERO;

    @Override
    public Mono<List<NodeInfo>> selectPeers(int count) {
      return Mono.defer(() -> {
        rounds.incrementAndGet();
        maxConcurrent.accumulateAndGet(concurrentRounds.incrementAndGet(), Math::max);
        Map<PublicKey, NodeInfo> pick = new LinkedHashMap<>();
        synchronized (candidates) {
          candidates.stream().filter(c -> !peers.containsKey(c.id())).limit(count)
              .forEach(c -> pick.put(c.id(), c));
        }
        Mono<List<NodeInfo>> result = Mono.just(List.copyOf(pick.values()));
        return (delay.isZero() ? result : result.delayElement(delay, time))
            .doFinally(s -> concurrentRounds.decrementAndGet());
      });
    }

    @Override
    public Mono<Void> refresh(int want) {
      return Mono.fromRunnable(refreshes::incrementAndGet);
    }

    @Override
    public void attempt(PublicKey key) {
      attempts.add(key);
    }

    @Override
    public void good(PublicKey key) {
      good.add(key);
    }
  }
}
