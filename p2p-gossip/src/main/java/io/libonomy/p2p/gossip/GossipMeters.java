package io.libonomy.p2p.gossip;

/**
 * The Micrometer meters of gossip (names start with {@code p2p.gossip.}). The
 * {@link #TAG_PROTOCOL} tag names a protocol this node subscribes to; messages of any other
 * protocol share {@value #OTHER_PROTOCOL}, so peers cannot blow up the tag cardinality.
 */
public final class GossipMeters {

  /**
   * Counter: gossip messages by {@link #TAG_PROTOCOL} and {@link #TAG_STATE}: {@code new}
   * (first sight, handed to validation), {@code duplicate} (seen before, dropped),
   * {@code accepted}, {@code rejected}, {@code ignored} (the subscriber's decisions),
   * {@code relayed} (sent on to at least one neighbour) and {@code dropped} (see
   * {@link #DROPPED} for why).
   */
  public static final String MESSAGES = "p2p.gossip.messages";
  /**
   * Counter: messages dropped, by {@link #TAG_PROTOCOL} and {@link #TAG_REASON}:
   * {@code no_subscriber}, {@code inbox_full}, {@code validation_timeout},
   * {@code validation_overflow} (too many undecided messages: the oldest goes),
   * {@code relay_queue_full}, {@code closed}.
   */
  public static final String DROPPED = "p2p.gossip.dropped";
  /** Counter: gossip frames relayed to neighbours; tags protocol, {@link #TAG_RESULT} = sent | failed. */
  public static final String FRAMES = "p2p.gossip.frames";
  /** Gauge: accepted messages waiting in the relay queue. */
  public static final String RELAY_QUEUE = "p2p.gossip.relay.queue";
  /** Timer: from a message's arrival to its subscriber's decision; tag protocol. */
  public static final String VALIDATION_LATENCY = "p2p.gossip.validation.latency";
  /** Counter: neighbours reported for sending more than {@code maxInvalidPerMinute}. */
  public static final String OFFENDERS = "p2p.gossip.offenders";

  public static final String TAG_PROTOCOL = "protocol";
  public static final String TAG_STATE = "state";
  public static final String TAG_REASON = "reason";
  public static final String TAG_RESULT = "result";
  /** The protocol tag of messages on protocols this node does not subscribe to. */
  public static final String OTHER_PROTOCOL = "_other";

  private GossipMeters() {}
}
