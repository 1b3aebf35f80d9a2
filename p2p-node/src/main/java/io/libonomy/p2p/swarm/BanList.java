package io.libonomy.p2p.swarm;

import io.libonomy.p2p.crypto.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Peers banned until a time. Bounded: past {@code capacity} entries the expired ones go, then
 * the ban ending soonest. Thread-safe.
 */
final class BanList {

  private final Clock clock;
  private final int capacity;
  private final Map<PublicKey, Long> until = new ConcurrentHashMap<>();

  BanList(Clock clock, int capacity) {
    this.clock = clock;
    this.capacity = capacity;
  }

  void ban(PublicKey peer, Duration duration) {
    until.put(peer, clock.millis() + duration.toMillis());
    if (until.size() > capacity) {
      prune();
    }
  }

  boolean isBanned(PublicKey peer) {
    Long end = until.get(peer);
    if (end == null) {
      return false;
    }
    if (clock.millis() >= end) {
      until.remove(peer, end);
      return false;
    }
    return true;
  }

  /** The peers banned now. */
  Set<PublicKey> banned() {
    prune();
    return Set.copyOf(until.keySet());
  }

  private synchronized void prune() {
    long now = clock.millis();
    until.entrySet().removeIf(e -> now >= e.getValue());
    while (until.size() > capacity) {
      until.entrySet().stream().min(Map.Entry.comparingByValue())
          .ifPresent(e -> until.remove(e.getKey(), e.getValue()));
    }
  }
}
