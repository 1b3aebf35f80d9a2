package io.libonomy.p2p.server;

import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.EnvelopeKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** What the MessageServer tests share: protocol, times, byte/text and meter helpers. */
final class ServerTests {

  static final String PROTOCOL = "test/1";
  static final Duration LIFETIME = Duration.ofSeconds(10);
  /** How long a test waits for something that should happen at once. */
  static final Duration DEADLINE = Duration.ofSeconds(5);

  private ServerTests() {}

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The count of a counter, 0 if it was never registered. */
  static double count(MeterRegistry registry, String name, String... tags) {
    Counter counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  /** The envelopes of {@code kind} sent to {@code to}, in send order. */
  static List<Envelope> sent(InMemoryNetwork network, Endpoint to, EnvelopeKind kind) {
    return network.transmissions().stream()
        .filter(t -> t.to().equals(to) && t.envelope().kind() == kind)
        .map(InMemoryNetwork.Transmission::envelope)
        .toList();
  }
}
