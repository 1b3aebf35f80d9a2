package io.libonomy.p2p.gossip;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The ids of recently seen messages, in two generations of at most {@code generationSize}
 * ids each (the seed's DoubleCache): an id goes into the first generation while it has room,
 * then into the second; when both are full the second becomes the first and a new second
 * starts with the id. So the cache always remembers between {@code generationSize} and
 * {@code 2 * generationSize} ids, and memory is bounded. Thread-safe.
 *
 * <p>Every gossip frame a node receives, duplicates included, is looked up here, so each
 * generation is an open-addressing table of the ids' 96 bits in one {@code long[]} (two
 * longs a slot, linear probing, at most half full): one lookup touches one or two adjacent
 * slots instead of a {@code HashSet}'s table, node and key objects. A table grows by doubling
 * as ids arrive, up to the size a full generation needs; a table whose generation is dropped
 * is cleared and reused. Slots are chosen by a hash keyed with a random seed per cache, so a
 * sender who grinds payloads for ids in chosen slots cannot build long probe runs.
 */
final class SeenCache {

  private static final int INITIAL_SLOTS = 64;

  private final int generationSize;
  private final long seed;
  private IdTable first;
  private IdTable second;

  SeenCache(int generationSize) {
    this(generationSize, new SplittableRandom().nextLong());
  }

  SeenCache(int generationSize, long seed) {
    if (generationSize < 1) {
      throw new IllegalArgumentException("generationSize must be at least 1: " + generationSize);
    }
    this.generationSize = generationSize;
    this.seed = seed;
    this.first = new IdTable();
    this.second = new IdTable();
  }

  /** Whether {@code id} was seen before; if not, it is remembered from now on. */
  synchronized boolean seenOrInsert(MessageId id) {
    long high = id.high();
    int low = id.low();
    int hash = hash(high, low);
    if (first.contains(high, low, hash) || second.contains(high, low, hash)) {
      return true;
    }
    if (first.size < generationSize) {
      first.add(high, low, hash);
    } else if (second.size < generationSize) {
      second.add(high, low, hash);
    } else {
      IdTable dropped = first;
      first = second;
      dropped.clear();
      second = dropped;
      second.add(high, low, hash);
    }
    return false;
  }

  /** Whether {@code id} is remembered, without inserting it. */
  synchronized boolean contains(MessageId id) {
    int hash = hash(id.high(), id.low());
    return first.contains(id.high(), id.low(), hash)
        || second.contains(id.high(), id.low(), hash);
  }

  /** Ids in the first and the second generation. */
  synchronized int[] generationSizes() {
    return new int[] {first.size, second.size};
  }

  /** Slots in the first and the second generation's tables (for tests of the bound). */
  synchronized int[] tableSlots() {
    return new int[] {first.slots(), second.slots()};
  }

  private int hash(long high, int low) {
    long h = (high ^ seed) * 0x9E3779B97F4A7C15L + low;
    h ^= h >>> 32;
    h *= 0xD6E8FEB86659FD93L;
    return (int) (h ^ (h >>> 32));
  }

  /** One generation: ids as (high, low | OCCUPIED) pairs of longs. */
  private final class IdTable {
    private static final long OCCUPIED = 1L << 32;

    private long[] pairs = new long[2 * INITIAL_SLOTS];
    private int size;

    boolean contains(long high, int low, int hash) {
      long tagged = tag(low);
      long[] p = pairs;
      int mask = p.length / 2 - 1;
      for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
        long second = p[2 * slot + 1];
        if (second == 0) {
          return false;
        }
        if (second == tagged && p[2 * slot] == high) {
          return true;
        }
      }
    }

    /** Adds an id known to be absent. */
    void add(long high, int low, int hash) {
      if (2 * (size + 1) > pairs.length / 2) {
        grow();
      }
      put(pairs, high, tag(low), hash);
      size++;
    }

    void clear() {
      Arrays.fill(pairs, 0L);
      size = 0;
    }

    int slots() {
      return pairs.length / 2;
    }

    private void grow() {
      long[] old = pairs;
      long[] grown = new long[2 * old.length];
      for (int slot = 0; slot < old.length / 2; slot++) {
        long tagged = old[2 * slot + 1];
        if (tagged != 0) {
          long high = old[2 * slot];
          put(grown, high, tagged, hash(high, (int) tagged));
        }
      }
      pairs = grown;
    }

    private void put(long[] p, long high, long tagged, int hash) {
      int mask = p.length / 2 - 1;
      int slot = hash & mask;
      while (p[2 * slot + 1] != 0) {
        slot = (slot + 1) & mask;
      }
      p[2 * slot] = high;
      p[2 * slot + 1] = tagged;
    }

    private long tag(int low) {
      return (low & 0xffffffffL) | OCCUPIED;
    }
  }
}
