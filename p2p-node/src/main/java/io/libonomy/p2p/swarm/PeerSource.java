package io.libonomy.p2p.swarm;

import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.discovery.Discovery;
import io.libonomy.p2p.identity.NodeInfo;
import java.util.List;
import reactor.core.publisher.Mono;

/** What the {@link Neighbourhood} needs of discovery: candidates, and the outcome of dials. */
interface PeerSource {

  /** Up to {@code count} distinct addresses to dial. */
  Mono<List<NodeInfo>> selectPeers(int count);

  /** Asks known nodes for more addresses now (one bounded round). */
  Mono<Void> refresh(int want);

  /** A dial to {@code key} starts. */
  void attempt(PublicKey key);

  /** A session with {@code key} was established. */
  void good(PublicKey key);

  static PeerSource of(Discovery discovery) {
    return new PeerSource() {
      @Override
      public Mono<List<NodeInfo>> selectPeers(int count) {
        return discovery.selectPeers(count);
      }

      @Override
      public Mono<Void> refresh(int want) {
        return discovery.refresh(want);
      }

      @Override
      public void attempt(PublicKey key) {
        discovery.attempt(key);
      }

      @Override
      public void good(PublicKey key) {
        discovery.good(key);
      }
    };
  }
}
