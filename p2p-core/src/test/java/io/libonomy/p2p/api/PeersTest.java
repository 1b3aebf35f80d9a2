package io.libonomy.p2p.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.crypto.PublicKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

class PeersTest {

  private final Sinks.Many<PeerEvent> events = Sinks.many().unicast().onBackpressureBuffer();

  private static PublicKey key() {
    return KeyPair.generate().publicKey();
  }

  private void connect(PublicKey peer, Direction direction) {
    events.tryEmitNext(new PeerEvent.Connected(peer, direction)).orThrow();
  }

  @Test
  void oneThenFivePeersAreVisible() {
    Peers peers = Peers.follow(events.asFlux());
    PublicKey first = key();

    connect(first, Direction.OUTBOUND);
    assertThat(peers.count()).isEqualTo(1);
    assertThat(peers.peers()).containsExactly(first);

    List<PublicKey> more = IntStream.range(0, 4).mapToObj(i -> key()).toList();
    more.forEach(k -> connect(k, Direction.INBOUND));
    assertThat(peers.count()).isEqualTo(5);
    assertThat(peers.peers()).contains(first).containsAll(more);
    assertThat(peers.count(Direction.INBOUND)).isEqualTo(4);
    assertThat(peers.count(Direction.OUTBOUND)).isEqualTo(1);
  }

  @Test
  void aDisconnectedPeerIsRemoved() {
    Peers peers = Peers.follow(events.asFlux());
    PublicKey stays = key();
    PublicKey leaves = key();
    connect(stays, Direction.OUTBOUND);
    connect(leaves, Direction.OUTBOUND);

    events.tryEmitNext(new PeerEvent.Disconnected(leaves, Direction.OUTBOUND)).orThrow();

    assertThat(peers.peers()).containsExactly(stays);
  }

  @Test
  void eachCallReturnsItsOwnShuffledCopy() {
    Peers peers = Peers.follow(events.asFlux());
    IntStream.range(0, 20).forEach(i -> connect(key(), Direction.OUTBOUND));

    // 20! orders: 10 calls all in the same order happen with probability (1/20!)^9
    Set<List<PublicKey>> orders = new HashSet<>();
    IntStream.range(0, 10).forEach(i -> orders.add(peers.peers()));

    assertThat(orders).hasSizeGreaterThan(1);
    orders.forEach(order -> assertThat(order).hasSize(20).doesNotHaveDuplicates());
  }

  @Test
  void closeFreezesTheSnapshotAndTheEndOfTheStreamEmptiesIt() {
    Peers closed = Peers.follow(events.asFlux());
    connect(key(), Direction.OUTBOUND);
    closed.close();
    assertThat(events.tryEmitNext(new PeerEvent.Connected(key(), Direction.INBOUND)))
        .isEqualTo(Sinks.EmitResult.FAIL_CANCELLED);
    assertThat(closed.count()).isEqualTo(1);

    Sinks.Many<PeerEvent> other = Sinks.many().unicast().onBackpressureBuffer();
    Peers ended = Peers.follow(other.asFlux());
    other.tryEmitNext(new PeerEvent.Connected(key(), Direction.OUTBOUND)).orThrow();
    other.tryEmitComplete().orThrow();
    assertThat(ended.count()).isZero();
  }
}
