package io.libonomy.p2p.discovery;

import io.libonomy.p2p.identity.NodeInfo;
import java.time.Duration;

/**
 * One entry of the address book and its history. Times are epoch milliseconds, 0 meaning
 * never. Mutable, guarded by the book's lock; {@link #isBad} and {@link #chance} are the seed's
 * rules (seed reference §12.4) unchanged.
 */
final class KnownAddress {

  /** Bitcoin Core's ADDRMAN_NEW_BUCKETS_PER_ADDRESS: new buckets one address may occupy. */
  static final int MAX_NEW_REFS = 8;

  private static final long MINUTE = Duration.ofMinutes(1).toMillis();
  private static final long RECENT_ATTEMPT = Duration.ofMinutes(10).toMillis();
  private static final long FUTURE_TOLERANCE = Duration.ofMinutes(10).toMillis();
  private static final long MISSING = Duration.ofDays(30).toMillis();
  private static final long MIN_BAD = Duration.ofDays(7).toMillis();
  private static final int RETRIES = 3;
  private static final int MAX_FAILURES = 10;
  private static final int MAX_CHANCE_ATTEMPTS = 8;

  final NodeInfo address;
  final NodeInfo source;
  int attempts;
  long lastSeen;
  long lastAttempt;
  long lastSuccess;
  boolean tried;
  /** The tried bucket while {@link #tried}, else unused. */
  int triedBucket = -1;
  /** The new buckets holding this entry, {@code newBuckets[0..refs)}; empty while tried. */
  final int[] newBuckets = new int[MAX_NEW_REFS];
  int refs;
  /** Position in its table's member list, for O(1) uniform sampling and removal. */
  int memberIndex = -1;

  KnownAddress(NodeInfo address, NodeInfo source, long lastSeen) {
    this.address = address;
    this.source = source;
    this.lastSeen = lastSeen;
  }

  /**
   * Whether this entry is not worth keeping: seen in the future or not for 30 days, or failed
   * too often. Never bad while attempted within the last minute (a connection may be under way).
   */
  boolean isBad(long now) {
    if (lastAttempt > now - MINUTE) {
      return false;
    }
    if (lastSeen > now + FUTURE_TOLERANCE || lastSeen < now - MISSING) {
      return true;
    }
    if (lastSuccess == 0 && attempts >= RETRIES) {
      return true;
    }
    return lastSuccess <= now - MIN_BAD && attempts >= MAX_FAILURES;
  }

  /**
   * The relative odds of choosing this entry: 1, times 0.01 if attempted within the last 10
   * minutes (a future attempt counts as just now), times 0.66 per failed attempt (at most 8).
   */
  double chance(long now) {
    long sinceAttempt = Math.max(0, now - lastAttempt);
    double chance = sinceAttempt < RECENT_ATTEMPT ? 0.01 : 1.0;
    return chance * Math.pow(0.66, Math.min(attempts, MAX_CHANCE_ATTEMPTS));
  }

  boolean inNewBucket(int bucket) {
    for (int i = 0; i < refs; i++) {
      if (newBuckets[i] == bucket) {
        return true;
      }
    }
    return false;
  }

  void addNewRef(int bucket) {
    newBuckets[refs++] = bucket;
  }

  void removeNewRef(int bucket) {
    for (int i = 0; i < refs; i++) {
      if (newBuckets[i] == bucket) {
        newBuckets[i] = newBuckets[--refs];
        return;
      }
    }
  }
}
