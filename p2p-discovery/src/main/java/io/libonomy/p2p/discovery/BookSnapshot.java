package io.libonomy.p2p.discovery;

import io.libonomy.p2p.identity.NodeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable copy of an address book's state, taken under its lock: what the peers file saves
 * and restores.
 *
 * @param key the book's secret bucket key (32 bytes)
 * @param entries every address with its history
 */
record BookSnapshot(byte[] key, List<Entry> entries) {

  BookSnapshot {
    key = key.clone();
    entries = List.copyOf(entries);
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  /**
   * One address. Times are epoch milliseconds, 0 for never.
   *
   * @param buckets the tried bucket (one) when {@code tried}, else the new buckets (1 to 8)
   */
  record Entry(
      NodeInfo address,
      NodeInfo source,
      int attempts,
      long lastSeen,
      long lastAttempt,
      long lastSuccess,
      boolean tried,
      List<Integer> buckets) {

    Entry {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(source, "source");
      buckets = List.copyOf(buckets);
    }

    static Entry of(KnownAddress e) {
      List<Integer> buckets = new ArrayList<>();
      if (e.tried) {
        buckets.add(e.triedBucket);
      } else {
        for (int i = 0; i < e.refs; i++) {
          buckets.add(e.newBuckets[i]);
        }
      }
      return new Entry(e.address, e.source, e.attempts, e.lastSeen, e.lastAttempt, e.lastSuccess,
          e.tried, buckets);
    }
  }
}
