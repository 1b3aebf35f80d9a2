package io.libonomy.p2p.gossip;

import io.libonomy.p2p.api.InvalidConfigException;
import io.libonomy.p2p.config.P2PConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Gossip limits. Every queue is bounded by one of them.
 *
 * @param seenCacheSize ids per generation of the seen-cache (two generations, ARCHITECTURE
 *     §5.7); default 10,000
 * @param inboxCapacity messages of one protocol waiting for its subscriber (the node's
 *     {@code bufferSize}); a full inbox drops the newest and counts it; default 10,000
 * @param relayQueueCapacity accepted messages waiting to be relayed, all protocols together;
 *     a full queue drops the lowest priority first and counts it; default 15,000
 * @param relayConcurrency messages being relayed at once (each to all its neighbours);
 *     default 64
 * @param validationTimeout how long a message may wait for its subscriber's decision,
 *     queueing included ({@code p2p.validation-timeout}); default 10 s
 * @param maxInvalidPerMinute rejected messages a neighbour may send in a minute; one more and
 *     it is reported as an offender ({@code p2p.max-invalid-per-minute}); default 10
 * @param banDuration how long an offender stays banned (the node neither dials it nor accepts
 *     it); default 10 minutes
 */
public record GossipSettings(
    int seenCacheSize,
    int inboxCapacity,
    int relayQueueCapacity,
    int relayConcurrency,
    Duration validationTimeout,
    int maxInvalidPerMinute,
    Duration banDuration) {

  private static final GossipSettings DEFAULTS = new GossipSettings(10_000, 10_000, 15_000, 64,
      Duration.ofSeconds(10), 10, Duration.ofMinutes(10));

  public GossipSettings {
    atLeast("gossip.seen-cache-size", seenCacheSize, 1);
    atLeast("gossip.inbox-capacity", inboxCapacity, 1);
    atLeast("gossip.relay-queue-capacity", relayQueueCapacity, 1);
    atLeast("gossip.relay-concurrency", relayConcurrency, 1);
    positive("p2p.validation-timeout", validationTimeout);
    atLeast("p2p.max-invalid-per-minute", maxInvalidPerMinute, 0);
    positive("gossip.ban-duration", banDuration);
  }

  /** The defaults listed above. */
  public static GossipSettings defaults() {
    return DEFAULTS;
  }

  /** The defaults with the node's {@code bufferSize}, validation timeout and invalid limit. */
  public static GossipSettings from(P2PConfig config) {
    Objects.requireNonNull(config, "config");
    return DEFAULTS.withInboxCapacity(config.bufferSize())
        .withValidationTimeout(config.validationTimeout())
        .withMaxInvalidPerMinute(config.maxInvalidPerMinute());
  }

  /** A copy with {@link #seenCacheSize()} replaced. */
  public GossipSettings withSeenCacheSize(int value) {
    return new GossipSettings(value, inboxCapacity, relayQueueCapacity, relayConcurrency,
        validationTimeout, maxInvalidPerMinute, banDuration);
  }

  /** A copy with {@link #inboxCapacity()} replaced. */
  public GossipSettings withInboxCapacity(int value) {
    return new GossipSettings(seenCacheSize, value, relayQueueCapacity, relayConcurrency,
        validationTimeout, maxInvalidPerMinute, banDuration);
  }

  /** A copy with {@link #relayQueueCapacity()} replaced. */
  public GossipSettings withRelayQueueCapacity(int value) {
    return new GossipSettings(seenCacheSize, inboxCapacity, value, relayConcurrency,
        validationTimeout, maxInvalidPerMinute, banDuration);
  }

  /** A copy with {@link #relayConcurrency()} replaced. */
  public GossipSettings withRelayConcurrency(int value) {
    return new GossipSettings(seenCacheSize, inboxCapacity, relayQueueCapacity, value,
        validationTimeout, maxInvalidPerMinute, banDuration);
  }

  /** A copy with {@link #validationTimeout()} replaced. */
  public GossipSettings withValidationTimeout(Duration value) {
    return new GossipSettings(seenCacheSize, inboxCapacity, relayQueueCapacity,
        relayConcurrency, value, maxInvalidPerMinute, banDuration);
  }

  /** A copy with {@link #maxInvalidPerMinute()} replaced. */
  public GossipSettings withMaxInvalidPerMinute(int value) {
    return new GossipSettings(seenCacheSize, inboxCapacity, relayQueueCapacity,
        relayConcurrency, validationTimeout, value, banDuration);
  }

  /** A copy with {@link #banDuration()} replaced. */
  public GossipSettings withBanDuration(Duration value) {
    return new GossipSettings(seenCacheSize, inboxCapacity, relayQueueCapacity,
        relayConcurrency, validationTimeout, maxInvalidPerMinute, value);
  }

  private static void atLeast(String key, int value, int min) {
    if (value < min) {
      throw new InvalidConfigException(key + " must be >= " + min + ", got " + value);
    }
  }

  private static void positive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new InvalidConfigException(key + " must be positive, got " + value);
    }
  }
}
