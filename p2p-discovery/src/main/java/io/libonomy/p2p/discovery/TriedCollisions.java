package io.libonomy.p2p.discovery;

import io.libonomy.p2p.crypto.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Test-before-evict (Bitcoin Core's {@code m_tried_collisions}): the addresses that succeeded
 * but whose tried slot is held by another, each with the time it first collided, and the rule
 * deciding between newcomer and incumbent. Bounded; guarded by the book's lock.
 */
final class TriedCollisions {

  /** What to do with a waiting newcomer. */
  enum Verdict {
    /** Move the newcomer into the slot, sending the incumbent back to new. */
    PROMOTE,
    /** Keep the incumbent; the newcomer stays in new and stops waiting. */
    KEEP_INCUMBENT,
    /** Decide later. */
    WAIT
  }

  /** Bitcoin Core's ADDRMAN_SET_TRIED_COLLISION_SIZE. */
  static final int MAX_SIZE = 10;

  private static final long REPLACEMENT = Duration.ofHours(4).toMillis();
  private static final long TEST_WINDOW = Duration.ofMinutes(40).toMillis();
  private static final long ATTEMPT_GRACE = Duration.ofMinutes(1).toMillis();

  private final Map<PublicKey, Long> waiting = new LinkedHashMap<>();

  /** Records a newcomer unless already waiting or the set is full. */
  void record(PublicKey id, long now) {
    if (waiting.size() < MAX_SIZE) {
      waiting.putIfAbsent(id, now);
    }
  }

  @Nullable Long collidedAt(PublicKey id) {
    return waiting.get(id);
  }

  void remove(PublicKey id) {
    waiting.remove(id);
  }

  int size() {
    return waiting.size();
  }

  /** A copy of the waiting ids, in arrival order. */
  List<PublicKey> ids() {
    return new ArrayList<>(waiting.keySet());
  }

  @Nullable PublicKey random(RandomGenerator random) {
    if (waiting.isEmpty()) {
      return null;
    }
    return ids().get(random.nextInt(waiting.size()));
  }

  /**
   * Keeps an incumbent that succeeded within 4 hours; evicts one that is bad, failed an attempt
   * made more than a minute (and less than 4 hours) ago, or went untested for 40 minutes.
   */
  static Verdict judge(KnownAddress incumbent, long collidedAt, long now) {
    if (incumbent.isBad(now)) {
      return Verdict.PROMOTE;
    }
    if (now - incumbent.lastSuccess < REPLACEMENT) {
      return Verdict.KEEP_INCUMBENT;
    }
    if (now - incumbent.lastAttempt < REPLACEMENT) {
      return now - incumbent.lastAttempt > ATTEMPT_GRACE ? Verdict.PROMOTE : Verdict.WAIT;
    }
    return now - collidedAt > TEST_WINDOW ? Verdict.PROMOTE : Verdict.WAIT;
  }
}
