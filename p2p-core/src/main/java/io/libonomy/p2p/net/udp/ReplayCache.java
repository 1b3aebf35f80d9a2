package io.libonomy.p2p.net.udp;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The {@code (S_sender, n)} pairs of accepted datagrams, each kept until its {@code timestamp +
 * maxClockDrift}: after that the drift check rejects a replay by itself (§5.5). Bounded: when
 * full, the oldest entry is evicted — best effort, never failing closed, so a flood of valid
 * datagrams can at worst re-open the replay window of the oldest ones. Expired entries at the
 * head are purged on insertion. Thread-safe.
 */
final class ReplayCache {

  /** Expired entries removed from the head per insertion, at most: keeps insertion O(1). */
  private static final int PURGE_PER_INSERT = 4;

  private final int capacity;
  private final LinkedHashMap<Key, Long> expiries = new LinkedHashMap<>(1024);

  ReplayCache(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Records {@code datagram[offset, offset + length)} (sender key and nonce) as seen until
   * {@code expiresAt}. False if it is already recorded and not expired at {@code now}: a replay.
   */
  boolean firstSeen(byte[] datagram, int offset, int length, long expiresAt, long now) {
    Key key = new Key(Arrays.copyOfRange(datagram, offset, offset + length));
    synchronized (expiries) {
      Long previous = expiries.get(key);
      if (previous != null && previous >= now) {
        return false;
      }
      if (previous != null) {
        expiries.remove(key);
      }
      purgeExpired(now);
      if (expiries.size() >= capacity) {
        Iterator<Key> oldest = expiries.keySet().iterator();
        oldest.next();
        oldest.remove();
      }
      expiries.put(key, expiresAt);
      return true;
    }
  }

  /** Entries kept right now. */
  int size() {
    synchronized (expiries) {
      return expiries.size();
    }
  }

  private void purgeExpired(long now) {
    Iterator<Long> head = expiries.values().iterator();
    for (int i = 0; i < PURGE_PER_INSERT && head.hasNext(); i++) {
      if (head.next() >= now) {
        return;
      }
      head.remove();
    }
  }

  private record Key(byte[] bytes) {
    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Key k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Key[" + bytes.length + " bytes]";
    }
  }
}
