package io.libonomy.p2p.config;

import static io.libonomy.p2p.config.ConfigChecks.atLeast;

/**
 * A token-bucket rate: on average {@code perSecond} events a second, with bursts of up to
 * {@code burst} events at once.
 *
 * @param perSecond the sustained rate, events per second, at least 1
 * @param burst the bucket size, at least 1
 */
public record RateLimit(int perSecond, int burst) {

  /**
   * Validates the rate.
   *
   * @throws io.libonomy.p2p.api.InvalidConfigException if either value is below 1
   */
  public RateLimit {
    atLeast("rate limit perSecond", perSecond, 1);
    atLeast("rate limit burst", burst, 1);
  }

  /** The rate {@code perSecond} with bursts of {@code burst}. */
  public static RateLimit of(int perSecond, int burst) {
    return new RateLimit(perSecond, burst);
  }
}
