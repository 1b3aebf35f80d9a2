package io.libonomy.p2p.discovery;

import io.libonomy.p2p.api.InvalidConfigException;
import java.time.Duration;
import java.util.Objects;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The bounds and timers of a {@link Discovery}. The defaults are the protocol's (ARCHITECTURE
 * §5.6) and the seed's refresher constants; tests shorten the times and raise the rate limits
 * (every test node shares the source address 127.0.0.1).
 *
 * @param requestLifetime how long a PING or GET_ADDRESSES waits for its answer, and the window
 *     in which a PING's answer proves an endpoint (default 5 s)
 * @param maxConcurrentHandlers requests handled at once; beyond that they are answered
 *     "overloaded" (default 256: discovery handlers are short and never block, so a bootnode
 *     absorbs a burst of first contacts)
 * @param proofValidity how long a proven endpoint stays proven (default 12 h)
 * @param proofTableSize endpoints remembered as proven, least recently used evicted (default
 *     10,000)
 * @param proofPingInterval at most one endpoint-proof PING per source address and port in this
 *     time (default 10 s); the table of last PINGs has {@code proofTableSize} entries too
 * @param answersPerMinute GET_ADDRESSES answered per source (IPv4 address, IPv6 /64) per minute
 *     (default 10); the table of sources has {@code proofTableSize} entries
 * @param maxConcurrentQueries "ping then get addresses" queries a refresh round runs at once
 *     (default 3)
 * @param minTimeBetweenQueries a server queried less than this ago is skipped (default 500 ms)
 * @param lastQueriesSize servers remembered for {@code minTimeBetweenQueries} (default 100)
 * @param backoffStep a bootstrap waits {@code n × backoffStep} after its n-th unsuccessful
 *     round (default 250 ms: a young network fills within seconds, not the seed's 1, 2, 3 s ... waves)
 * @param maxBackoff the longest wait between bootstrap rounds (default 30 s)
 * @param settleRounds consecutive rounds in which servers answered but taught nothing new after
 *     which a bootstrap counts as done even if the book grew by less than wanted: the network
 *     is smaller than asked for (default 2)
 * @param refreshInterval how often the running service checks whether the book needs new
 *     addresses and, if so, runs one refresh round (default 1 min)
 * @param roundTimeout the longest a single refresh round may take (default 15 s)
 * @param saveInterval how often the peers file is saved (default 10 min)
 * @param observedWindow PING answers (one per responder, most recent) the observed address is
 *     voted from (default 10)
 * @param timer where request timeouts, back-off and periodic work are scheduled (default
 *     {@link Schedulers#parallel()}; tests pass a virtual-time scheduler)
 */
public record DiscoveryOptions(
    Duration requestLifetime,
    int maxConcurrentHandlers,
    Duration proofValidity,
    int proofTableSize,
    Duration proofPingInterval,
    int answersPerMinute,
    int maxConcurrentQueries,
    Duration minTimeBetweenQueries,
    int lastQueriesSize,
    Duration backoffStep,
    Duration maxBackoff,
    int settleRounds,
    Duration refreshInterval,
    Duration roundTimeout,
    Duration saveInterval,
    int observedWindow,
    Scheduler timer) {

  private static final DiscoveryOptions DEFAULTS = new DiscoveryOptions(
      Duration.ofSeconds(5), 256, Duration.ofHours(12), 10_000, Duration.ofSeconds(10), 10, 3,
      Duration.ofMillis(500), 100, Duration.ofMillis(250), Duration.ofSeconds(30), 2,
      Duration.ofMinutes(1), Duration.ofSeconds(15), Duration.ofMinutes(10), 10,
      Schedulers.parallel());

  /** @throws InvalidConfigException naming the first field that is not positive */
  public DiscoveryOptions {
    positive("requestLifetime", requestLifetime);
    atLeastOne("maxConcurrentHandlers", maxConcurrentHandlers);
    positive("proofValidity", proofValidity);
    atLeastOne("proofTableSize", proofTableSize);
    positive("proofPingInterval", proofPingInterval);
    atLeastOne("answersPerMinute", answersPerMinute);
    atLeastOne("maxConcurrentQueries", maxConcurrentQueries);
    positive("minTimeBetweenQueries", minTimeBetweenQueries);
    atLeastOne("lastQueriesSize", lastQueriesSize);
    positive("backoffStep", backoffStep);
    positive("maxBackoff", maxBackoff);
    atLeastOne("settleRounds", settleRounds);
    positive("refreshInterval", refreshInterval);
    positive("roundTimeout", roundTimeout);
    positive("saveInterval", saveInterval);
    atLeastOne("observedWindow", observedWindow);
    Objects.requireNonNull(timer, "timer");
  }

  /** The protocol's and the seed's values, on {@link Schedulers#parallel()}. */
  public static DiscoveryOptions defaults() {
    return DEFAULTS;
  }

  /** A copy with {@link #requestLifetime()} = {@code value}. */
  public DiscoveryOptions withRequestLifetime(Duration value) {
    return new DiscoveryOptions(value, maxConcurrentHandlers, proofValidity, proofTableSize,
        proofPingInterval, answersPerMinute, maxConcurrentQueries, minTimeBetweenQueries,
        lastQueriesSize, backoffStep, maxBackoff, settleRounds, refreshInterval, roundTimeout,
        saveInterval, observedWindow, timer);
  }

  /** A copy with {@link #maxConcurrentHandlers()} = {@code value}. */
  public DiscoveryOptions withMaxConcurrentHandlers(int value) {
    return new DiscoveryOptions(requestLifetime, value, proofValidity, proofTableSize,
        proofPingInterval, answersPerMinute, maxConcurrentQueries, minTimeBetweenQueries,
        lastQueriesSize, backoffStep, maxBackoff, settleRounds, refreshInterval, roundTimeout,
        saveInterval, observedWindow, timer);
  }

  /** A copy with {@link #proofValidity()} = {@code value}. */
  public DiscoveryOptions withProofValidity(Duration value) {
    return new DiscoveryOptions(requestLifetime, maxConcurrentHandlers, value, proofTableSize,
        proofPingInterval, answersPerMinute, maxConcurrentQueries, minTimeBetweenQueries,
        lastQueriesSize, backoffStep, maxBackoff, settleRounds, refreshInterval, roundTimeout,
        saveInterval, observedWindow, timer);
  }

  /** A copy with {@link #proofTableSize()} = {@code value}. */
  public DiscoveryOptions withProofTableSize(int value) {
    return new DiscoveryOptions(requestLifetime, maxConcurrentHandlers, proofValidity, value,
        proofPingInterval, answersPerMinute, maxConcurrentQueries, minTimeBetweenQueries,
        lastQueriesSize, backoffStep, maxBackoff, settleRounds, refreshInterval, roundTimeout,
        saveInterval, observedWindow, timer);
  }

  /** A copy with {@link #proofPingInterval()} = {@code value}. */
  public DiscoveryOptions withProofPingInterval(Duration value) {
    return new DiscoveryOptions(requestLifetime, maxConcurrentHandlers, proofValidity,
        proofTableSize, value, answersPerMinute, maxConcurrentQueries, minTimeBetweenQueries,
        lastQueriesSize, backoffStep, maxBackoff, settleRounds, refreshInterval, roundTimeout,
        saveInterval, observedWindow, timer);
  }

  /** A copy with {@link #answersPerMinute()} = {@code value}. */
  public DiscoveryOptions withAnswersPerMinute(int value) {
    return new DiscoveryOptions(requestLifetime, maxConcurrentHandlers, proofValidity,
        proofTableSize, proofPingInterval, value, maxConcurrentQueries, minTimeBetweenQueries,
        lastQueriesSize, backoffStep, maxBackoff, settleRounds, refreshInterval, roundTimeout,
        saveInterval, observedWindow, timer);
  }

  /** A copy with {@link #maxConcurrentQueries()} = {@code value}. */
  public DiscoveryOptions withMaxConcurrentQueries(int value) {
    return new DiscoveryOptions(requestLifetime, maxConcurrentHandlers, proofValidity,
        proofTableSize, proofPingInterval, answersPerMinute, value, minTimeBetweenQueries,
        lastQueriesSize, backoffStep, maxBackoff, settleRounds, refreshInterval, roundTimeout,
        saveInterval, observedWindow, timer);
  }

  /** A copy with {@link #minTimeBetweenQueries()} = {@code value}. */
  public DiscoveryOptions withMinTimeBetweenQueries(Duration value) {
    return new DiscoveryOptions(requestLifetime, maxConcurrentHandlers, proofValidity,
        proofTableSize, proofPingInterval, answersPerMinute, maxConcurrentQueries, value,
        lastQueriesSize, backoffStep, maxBackoff, settleRounds, refreshInterval, roundTimeout,
        saveInterval, observedWindow, timer);
  }

  /** A copy with {@link #lastQueriesSize()} = {@code value}. */
  public DiscoveryOptions withLastQueriesSize(int value) {
    return new DiscoveryOptions(requestLifetime, maxConcurrentHandlers, proofValidity,
        proofTableSize, proofPingInterval, answersPerMinute, maxConcurrentQueries,
        minTimeBetweenQueries, value, backoffStep, maxBackoff, settleRounds, refreshInterval,
        roundTimeout, saveInterval, observedWindow, timer);
  }

  /** A copy with {@link #backoffStep()} and {@link #maxBackoff()} replaced. */
  public DiscoveryOptions withBackoff(Duration step, Duration max) {
    return new DiscoveryOptions(requestLifetime, maxConcurrentHandlers, proofValidity,
        proofTableSize, proofPingInterval, answersPerMinute, maxConcurrentQueries,
        minTimeBetweenQueries, lastQueriesSize, step, max, settleRounds, refreshInterval,
        roundTimeout, saveInterval, observedWindow, timer);
  }

  /** A copy with {@link #settleRounds()} = {@code value}. */
  public DiscoveryOptions withSettleRounds(int value) {
    return new DiscoveryOptions(requestLifetime, maxConcurrentHandlers, proofValidity,
        proofTableSize, proofPingInterval, answersPerMinute, maxConcurrentQueries,
        minTimeBetweenQueries, lastQueriesSize, backoffStep, maxBackoff, value, refreshInterval,
        roundTimeout, saveInterval, observedWindow, timer);
  }

  /** A copy with {@link #refreshInterval()} = {@code value}. */
  public DiscoveryOptions withRefreshInterval(Duration value) {
    return new DiscoveryOptions(requestLifetime, maxConcurrentHandlers, proofValidity,
        proofTableSize, proofPingInterval, answersPerMinute, maxConcurrentQueries,
        minTimeBetweenQueries, lastQueriesSize, backoffStep, maxBackoff, settleRounds, value,
        roundTimeout, saveInterval, observedWindow, timer);
  }

  /** A copy with {@link #roundTimeout()} = {@code value}. */
  public DiscoveryOptions withRoundTimeout(Duration value) {
    return new DiscoveryOptions(requestLifetime, maxConcurrentHandlers, proofValidity,
        proofTableSize, proofPingInterval, answersPerMinute, maxConcurrentQueries,
        minTimeBetweenQueries, lastQueriesSize, backoffStep, maxBackoff, settleRounds,
        refreshInterval, value, saveInterval, observedWindow, timer);
  }

  /** A copy with {@link #saveInterval()} = {@code value}. */
  public DiscoveryOptions withSaveInterval(Duration value) {
    return new DiscoveryOptions(requestLifetime, maxConcurrentHandlers, proofValidity,
        proofTableSize, proofPingInterval, answersPerMinute, maxConcurrentQueries,
        minTimeBetweenQueries, lastQueriesSize, backoffStep, maxBackoff, settleRounds,
        refreshInterval, roundTimeout, value, observedWindow, timer);
  }

  /** A copy with {@link #observedWindow()} = {@code value}. */
  public DiscoveryOptions withObservedWindow(int value) {
    return new DiscoveryOptions(requestLifetime, maxConcurrentHandlers, proofValidity,
        proofTableSize, proofPingInterval, answersPerMinute, maxConcurrentQueries,
        minTimeBetweenQueries, lastQueriesSize, backoffStep, maxBackoff, settleRounds,
        refreshInterval, roundTimeout, saveInterval, value, timer);
  }

  /** A copy with {@link #timer()} = {@code value}. */
  public DiscoveryOptions withTimer(Scheduler value) {
    return new DiscoveryOptions(requestLifetime, maxConcurrentHandlers, proofValidity,
        proofTableSize, proofPingInterval, answersPerMinute, maxConcurrentQueries,
        minTimeBetweenQueries, lastQueriesSize, backoffStep, maxBackoff, settleRounds,
        refreshInterval, roundTimeout, saveInterval, observedWindow, value);
  }

  private static void positive(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new InvalidConfigException(field + " must be positive, got " + value);
    }
  }

  private static void atLeastOne(String field, int value) {
    if (value < 1) {
      throw new InvalidConfigException(field + " must be >= 1, got " + value);
    }
  }
}
