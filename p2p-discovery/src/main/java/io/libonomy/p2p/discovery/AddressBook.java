package io.libonomy.p2p.discovery;

import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.identity.NodeInfo;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The addresses this node knows, in Bitcoin Core's layout: a <em>new</em> table of addresses
 * heard about and a <em>tried</em> table of addresses this node connected to, each split into
 * buckets chosen by a keyed hash of network groups so that one source, or one network, cannot
 * fill the book. All methods are thread-safe and non-blocking (no I/O: persistence is done by
 * the peers file, outside).
 */
public interface AddressBook {

  /**
   * Adds {@code address}, heard from {@code source}, to the new table; refreshes the last-seen
   * time of a known address. Invalid entries (ARCHITECTURE §5.6), this node's own key and
   * unroutable addresses heard from a routable source are ignored.
   *
   * @return whether the address was stored as a new entry
   */
  boolean add(NodeInfo address, NodeInfo source);

  /** {@link #add} for each of {@code addresses}; returns how many were stored as new. */
  int addAll(List<NodeInfo> addresses, NodeInfo source);

  /**
   * Records a connection attempt to {@code key}, which counts against it until {@link #good}
   * (unknown keys are ignored). The address stays in its table: only success moves it to tried.
   */
  void attempt(PublicKey key);

  /**
   * Records a successful connection to {@code key}: it moves to the tried table, or waits for
   * {@link #resolveCollisions()} if its tried slot is taken. Unknown keys are ignored.
   */
  void good(PublicKey key);

  /**
   * A random address, tried and new with equal odds when both exist, favouring addresses not
   * attempted recently; empty when the book is empty.
   */
  Optional<NodeInfo> getAddress();

  /**
   * A random sample to share with a peer, leaving out addresses that look dead (see the
   * seed's {@code isBad}): 23 % of them, but at least 32 (all when fewer) and at most 300.
   */
  List<NodeInfo> addressCache();

  /** Whether the book should be refreshed from peers (few new addresses). */
  boolean needNewAddresses();

  /** The address stored for {@code key}. */
  Optional<NodeInfo> lookup(PublicKey key);

  /** Forgets {@code key} from both tables. */
  void remove(PublicKey key);

  /**
   * Marks {@code key}'s address bad for {@code duration} (a banned peer): it is forgotten and
   * not stored again, hence neither shared nor selected, until then. The default only forgets.
   */
  default void markBad(PublicKey key, java.time.Duration duration) {
    remove(key);
  }

  /** Number of addresses, new and tried. */
  int size();

  /**
   * Settles the addresses waiting for a tried slot (test-before-evict): an {@link #good}
   * address whose tried slot is held by another stays in the new table until this decides. The
   * incumbent is kept if it succeeded within the last 4 hours; it is evicted (back to the new
   * table) if it is bad, failed an attempt made more than a minute ago, or was not tested within
   * 40 minutes. Call it periodically, after testing {@link #selectTriedCollision()}. The default
   * does nothing: a book without a collision set.
   */
  default void resolveCollisions() {}

  /**
   * A tried address that a newcomer is waiting to replace: connect to it ({@link #attempt},
   * then {@link #good} on success) so that {@link #resolveCollisions()} keeps it or evicts it.
   * Empty when nothing waits (always, by default).
   */
  default Optional<NodeInfo> selectTriedCollision() {
    return Optional.empty();
  }

  /**
   * An empty book for the node {@code localKey} with a fresh random bucket key.
   *
   * @param clock the time source of last-seen/attempt/success times
   * @param random bucket key, sampling and eviction choices (seeded in tests)
   */
  static AddressBook create(PublicKey localKey, Clock clock, RandomGenerator random) {
    return new DefaultAddressBook(localKey, clock, random);
  }
}
