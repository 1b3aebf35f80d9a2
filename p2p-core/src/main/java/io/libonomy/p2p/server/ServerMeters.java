package io.libonomy.p2p.server;

import static io.libonomy.p2p.metrics.MeterNames.ANSWERS_FAILED;
import static io.libonomy.p2p.metrics.MeterNames.REQUESTS;
import static io.libonomy.p2p.metrics.MeterNames.REQUESTS_DROPPED;
import static io.libonomy.p2p.metrics.MeterNames.REQUESTS_PENDING;
import static io.libonomy.p2p.metrics.MeterNames.REQUESTS_REJECTED;
import static io.libonomy.p2p.metrics.MeterNames.REQUESTS_SERVED;
import static io.libonomy.p2p.metrics.MeterNames.REQUEST_LATENCY;

import io.libonomy.p2p.metrics.MeterNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The meters of one {@link MessageServer}, all tagged with its protocol (a local name, so the
 * cardinality is bounded by the servers this node runs). Counters are registered up front so
 * the hot path does no registry lookups.
 */
final class ServerMeters {

  /** Outcome of a request this server sent. */
  enum Result { OK, REMOTE_ERROR, TIMEOUT, REJECTED, SEND_FAILED, CANCELLED, SHUTDOWN }

  /** Why an inbound envelope was dropped without effect. */
  enum Dropped {
    UNKNOWN_REQUEST, WRONG_PEER, WRONG_MSG_TYPE, WRONG_PROTOCOL, UNEXPECTED_KIND, REQUEST_ID_ZERO
  }

  /** Why an inbound request was refused before any handler ran. */
  enum Rejected { NO_HANDLER, OVERLOADED }

  /** Outcome of a handler run. */
  enum Served { OK, FAILED, SILENT, TIMEOUT }

  private final MeterRegistry registry;
  private final Map<Result, Counter> results;
  private final Map<Dropped, Counter> dropped;
  private final Map<Rejected, Counter> rejected;
  private final Map<Served, Counter> served;
  private final Timer latency;
  private final Counter answersFailed;
  private final @Nullable Gauge pending;

  ServerMeters(MeterRegistry registry, String protocol, IntSupplier pendingRequests) {
    this.registry = registry;
    this.results = counters(Result.class, REQUESTS, MeterNames.TAG_RESULT, protocol);
    this.dropped = counters(Dropped.class, REQUESTS_DROPPED, MeterNames.TAG_REASON, protocol);
    this.rejected = counters(Rejected.class, REQUESTS_REJECTED, MeterNames.TAG_REASON, protocol);
    this.served = counters(Served.class, REQUESTS_SERVED, MeterNames.TAG_RESULT, protocol);
    this.latency = Timer.builder(REQUEST_LATENCY).tag(MeterNames.TAG_PROTOCOL, protocol)
        .register(registry);
    this.answersFailed = registry.counter(ANSWERS_FAILED, MeterNames.TAG_PROTOCOL, protocol);
    // Micrometer keeps the first gauge of a name and tags: a second server for the same
    // protocol on the same registry must neither shadow nor, on close, remove the first's.
    boolean taken = registry.find(REQUESTS_PENDING).tag(MeterNames.TAG_PROTOCOL, protocol)
        .gauge() != null;
    this.pending = taken ? null
        : Gauge.builder(REQUESTS_PENDING, pendingRequests, s -> s.getAsInt())
            .tag(MeterNames.TAG_PROTOCOL, protocol).strongReference(true).register(registry);
  }

  void result(Result result) {
    results.get(result).increment();
  }

  void dropped(Dropped reason) {
    dropped.get(reason).increment();
  }

  void rejected(Rejected reason) {
    rejected.get(reason).increment();
  }

  void served(Served result) {
    served.get(result).increment();
  }

  void answerFailed() {
    answersFailed.increment();
  }

  Timer latency() {
    return latency;
  }

  /** Starts timing a request with the registry's clock. */
  Timer.Sample startLatency() {
    return Timer.start(registry);
  }

  /** Removes the pending gauge, so a later server for the protocol can register its own. */
  void close() {
    if (pending != null) {
      registry.remove(pending);
    }
  }

  /** The tag value of an enum constant: {@code WRONG_PEER} → {@code wrong_peer}. */
  static String tag(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private <E extends Enum<E>> Map<E, Counter> counters(
      Class<E> type, String name, String tagKey, String protocol) {
    Map<E, Counter> map = new EnumMap<>(type);
    for (E value : type.getEnumConstants()) {
      map.put(value, registry.counter(name, MeterNames.TAG_PROTOCOL, protocol, tagKey, tag(value)));
    }
    return map;
  }
}
