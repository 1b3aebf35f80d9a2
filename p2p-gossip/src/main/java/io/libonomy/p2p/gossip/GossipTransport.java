package io.libonomy.p2p.gossip;

import io.libonomy.p2p.crypto.PublicKey;
import reactor.core.publisher.Mono;

/** How gossip reaches a neighbour: a GOSSIP envelope on the connection to {@code peer}. */
@FunctionalInterface
public interface GossipTransport {

  /**
   * Sends {@code payload} on {@code protocol} to the connected neighbour {@code peer};
   * completes when the frame is written, fails when it cannot be (not connected, timeout).
   */
  Mono<Void> send(PublicKey peer, String protocol, byte[] payload);
}
