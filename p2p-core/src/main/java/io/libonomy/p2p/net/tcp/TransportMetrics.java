package io.libonomy.p2p.net.tcp;

import io.libonomy.p2p.metrics.MeterNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The transport's meters, resolved once so the hot path only increments. */
final class TransportMetrics {

  private final MeterRegistry registry;
  private final Counter bytesSent;
  private final Counter bytesReceived;
  private final Counter handshakesOk;

  TransportMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.bytesSent = registry.counter(MeterNames.BYTES_SENT);
    this.bytesReceived = registry.counter(MeterNames.BYTES_RECEIVED);
    this.handshakesOk = registry.counter(MeterNames.HANDSHAKES, MeterNames.TAG_RESULT, "ok");
  }

  void sent(long bytes) {
    bytesSent.increment(bytes);
  }

  void received(long bytes) {
    bytesReceived.increment(bytes);
  }

  void handshakeOk() {
    handshakesOk.increment();
  }

  void handshakeFailed(String reason) {
    registry.counter(MeterNames.HANDSHAKES, MeterNames.TAG_RESULT, reason).increment();
  }

  void refused(String reason) {
    registry.counter(MeterNames.CONNECTIONS_REFUSED, MeterNames.TAG_REASON, reason).increment();
  }

  void violation(String reason) {
    registry.counter(MeterNames.PROTOCOL_VIOLATIONS, MeterNames.TAG_REASON, reason).increment();
  }
}
