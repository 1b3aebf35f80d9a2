package io.libonomy.p2p.gossip;

import io.libonomy.p2p.crypto.PublicKey;
import reactor.core.publisher.Mono;

/**
 * How gossip reaches neighbours: a GOSSIP envelope on the connection to each. A relay
 * {@linkplain #prepare prepares} the frame once and sends it to every target, so what can be
 * shared between neighbours (the envelope's encoding) is done once per message.
 */
@FunctionalInterface
public interface GossipTransport {

  /** One gossip message ready to go to any number of neighbours. */
  @FunctionalInterface
  interface Outgoing {
    /**
     * Sends it to the connected neighbour {@code peer}; completes when the frame is written,
     * fails when it cannot be (not connected, timeout).
     */
    Mono<Void> sendTo(PublicKey peer);
  }

  /** Prepares {@code payload} on {@code protocol} for sending; cheap to call, never fails. */
  Outgoing prepare(String protocol, byte[] payload);
}
