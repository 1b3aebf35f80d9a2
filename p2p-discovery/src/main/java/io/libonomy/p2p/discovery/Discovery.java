package io.libonomy.p2p.discovery;

import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.identity.NodeInfo;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * A node's discovery service: its {@link AddressBook}, the UDP discovery protocol
 * (ARCHITECTURE §5.6) that fills it, bootstrap from the configured bootnodes, periodic
 * refresh and the peers file.
 */
public interface Discovery {

  /** The address book this service fills. */
  AddressBook addressBook();

  /**
   * Loads the peers file and starts answering discovery requests and the periodic save.
   * Idempotent.
   */
  Mono<Void> start();

  /**
   * Fills the address book from the bootnodes (and then from the addresses they gave) until it
   * holds {@code want} addresses more than it started with, backing off between rounds.
   * Completes when it does; runs until then unless the subscription is cancelled.
   */
  Mono<Void> bootstrap(int want);

  /**
   * Up to {@code count} distinct addresses to connect to, drawn from the address book (after a
   * bounded refresh round when the book needs new addresses). Never includes this node.
   */
  Mono<List<NodeInfo>> selectPeers(int count);

  /** Sends a PING to {@code node} and completes with its answer (§5.6). */
  Mono<PingResult> ping(NodeInfo node);

  /** Asks {@code node} for addresses (§5.6), proving this endpoint first if asked to. */
  Mono<List<NodeInfo>> getAddresses(NodeInfo node);

  /** {@link AddressBook#attempt}. */
  void attempt(PublicKey key);

  /** {@link AddressBook#good}. */
  void good(PublicKey key);

  /** Saves the peers file one last time and stops answering requests. Idempotent. */
  Mono<Void> shutdown();
}
