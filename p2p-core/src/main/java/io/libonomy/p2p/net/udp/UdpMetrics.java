package io.libonomy.p2p.net.udp;

import io.libonomy.p2p.metrics.MeterNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/** The mux's meters, resolved once so the receive path only increments. */
final class UdpMetrics {

  /** Counter: datagrams received or sent; tag {@code direction} = {@code in} | {@code out}. */
  static final String DATAGRAMS = MeterNames.UDP_DATAGRAMS;
  /** Counter: bytes of those datagrams (whole datagrams, headers included). */
  static final String BYTES = MeterNames.UDP_BYTES;
  /** Counter: inbound datagrams not delivered; tag {@code reason} ({@link DropReason}). */
  static final String DROPPED = MeterNames.UDP_DROPPED;
  /** Counter: envelopes handed to a listener; tag {@code protocol}. */
  static final String DELIVERED = MeterNames.UDP_DELIVERED;
  /** Gauge: envelopes waiting for a protocol's listener; tag {@code protocol}. */
  static final String QUEUE_LENGTH = MeterNames.UDP_QUEUE_LENGTH;

  private final MeterRegistry registry;
  private final Counter datagramsIn;
  private final Counter datagramsOut;
  private final Counter bytesIn;
  private final Counter bytesOut;
  private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);

  UdpMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.datagramsIn = registry.counter(DATAGRAMS, MeterNames.TAG_DIRECTION, "in");
    this.datagramsOut = registry.counter(DATAGRAMS, MeterNames.TAG_DIRECTION, "out");
    this.bytesIn = registry.counter(BYTES, MeterNames.TAG_DIRECTION, "in");
    this.bytesOut = registry.counter(BYTES, MeterNames.TAG_DIRECTION, "out");
    for (DropReason reason : DropReason.values()) {
      dropped.put(reason, registry.counter(DROPPED, MeterNames.TAG_REASON, reason.tag()));
    }
  }

  void received(int bytes) {
    datagramsIn.increment();
    bytesIn.increment(bytes);
  }

  void sent(int bytes) {
    datagramsOut.increment();
    bytesOut.increment(bytes);
  }

  void dropped(DropReason reason) {
    dropped.get(reason).increment();
  }

  Counter delivered(String protocol) {
    return registry.counter(DELIVERED, MeterNames.TAG_PROTOCOL, protocol);
  }

  void queueLength(String protocol, Supplier<Number> length) {
    Gauge.builder(QUEUE_LENGTH, length).tag(MeterNames.TAG_PROTOCOL, protocol)
        .strongReference(true).register(registry);
  }
}
