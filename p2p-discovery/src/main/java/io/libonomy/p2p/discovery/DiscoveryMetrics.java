package io.libonomy.p2p.discovery;

import static io.libonomy.p2p.discovery.DiscoveryMeters.TAG_REASON;
import static io.libonomy.p2p.discovery.DiscoveryMeters.TAG_RESULT;
import static io.libonomy.p2p.discovery.DiscoveryMeters.TAG_TYPE;
import static io.libonomy.p2p.discovery.DiscoveryMeters.TAG_VIA;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Records the {@link DiscoveryMeters} of one discovery service. Thread-safe. */
final class DiscoveryMetrics {

  /** A discovery request type, as tagged. */
  enum Type {
    PING("ping"), GET_ADDRESSES("get_addresses");

    final String tag;

    Type(String tag) {
      this.tag = tag;
    }
  }

  /** What became of a request, as tagged {@code result} and {@code reason}. */
  enum Outcome {
    OK("answered", "ok"),
    INVALID("answered", "invalid"),
    MALFORMED("ignored", "malformed"),
    NO_PROOF("ignored", "no_proof"),
    RATE_LIMITED("ignored", "rate_limited");

    final String result;
    final String reason;

    Outcome(String result, String reason) {
      this.result = result;
      this.reason = reason;
    }
  }

  static final String VIA_PING = "ping";
  static final String VIA_EXCHANGE = "exchange";
  static final String VIA_BOOTNODE = "bootnode";

  private final MeterRegistry registry;
  private volatile @Nullable Gauge bookSize;

  DiscoveryMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void request(Type type, Outcome outcome) {
    registry.counter(DiscoveryMeters.REQUESTS, TAG_TYPE, type.tag, TAG_RESULT, outcome.result,
        TAG_REASON, outcome.reason).increment();
  }

  void learned(String via, int count) {
    if (count > 0) {
      registry.counter(DiscoveryMeters.ADDRESSES_LEARNED, TAG_VIA, via).increment(count);
    }
  }

  void proofPing(String result) {
    registry.counter(DiscoveryMeters.PROOF_PINGS, TAG_RESULT, result).increment();
  }

  void round(String result) {
    registry.counter(DiscoveryMeters.ROUNDS, TAG_RESULT, result).increment();
  }

  void saved(boolean ok) {
    registry.counter(DiscoveryMeters.SAVES, TAG_RESULT, ok ? "ok" : "failed").increment();
  }

  /** Registers the book-size gauge (the first registration of a registry wins). */
  void gaugeBookSize(Supplier<Number> size) {
    bookSize = Gauge.builder(DiscoveryMeters.BOOK_SIZE, size).register(registry);
  }

  /** Removes the gauge so a closed service does not keep its book reachable. */
  void close() {
    Gauge gauge = bookSize;
    if (gauge != null) {
      registry.remove(gauge);
    }
  }
}
