package io.libonomy.p2p.gossip;

/**
 * The relay priority of a gossip protocol: accepted messages of a higher priority leave the
 * relay queue before those of a lower one, and a full queue drops the lowest priority first.
 */
public enum Priority {
  /** Relayed first. */
  HIGH,
  /** Relayed after {@link #HIGH}. */
  MID,
  /** Relayed last, dropped first. */
  LOW
}
