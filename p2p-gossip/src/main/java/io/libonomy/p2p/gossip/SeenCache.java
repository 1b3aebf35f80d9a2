package io.libonomy.p2p.gossip;

import java.util.HashSet;
import java.util.Set;

/**
 * The ids of recently seen messages, in two generations of at most {@code generationSize}
 * ids each (the seed's DoubleCache): an id goes into the first generation while it has room,
 * then into the second; when both are full the second becomes the first and a new second
 * starts with the id. So the cache always remembers between {@code generationSize} and
 * {@code 2 * generationSize} ids, and memory is bounded. Thread-safe.
 */
final class SeenCache {

  private final int generationSize;
  private Set<MessageId> first;
  private Set<MessageId> second;

  SeenCache(int generationSize) {
    if (generationSize < 1) {
      throw new IllegalArgumentException("generationSize must be at least 1: " + generationSize);
    }
    this.generationSize = generationSize;
    this.first = new HashSet<>();
    this.second = new HashSet<>();
  }

  /** Whether {@code id} was seen before; if not, it is remembered from now on. */
  synchronized boolean seenOrInsert(MessageId id) {
    if (first.contains(id) || second.contains(id)) {
      return true;
    }
    if (first.size() < generationSize) {
      first.add(id);
    } else if (second.size() < generationSize) {
      second.add(id);
    } else {
      first = second;
      second = new HashSet<>();
      second.add(id);
    }
    return false;
  }

  /** Whether {@code id} is remembered, without inserting it. */
  synchronized boolean contains(MessageId id) {
    return first.contains(id) || second.contains(id);
  }

  /** Ids in the first and the second generation. */
  synchronized int[] generationSizes() {
    return new int[] {first.size(), second.size()};
  }
}
