package io.libonomy.p2p.testkit;

import io.libonomy.p2p.gossip.GossipMessage;
import io.libonomy.p2p.gossip.GossipMeters;
import io.libonomy.p2p.gossip.Priority;
import io.libonomy.p2p.metrics.MeterNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Broadcasts messages from random nodes of a started {@link LocalNetwork} and measures what
 * every node's gossip subscriber receives: deliveries, duplicates, latency and traffic.
 *
 * <p>Every node subscribes to {@link Settings#protocol()} and accepts every message. Message
 * {@code i} is {@code payloadBytes} long: its index and the time it is due
 * ({@link System#nanoTime()}, one JVM) in the first 16 bytes, then seeded random bytes; it is
 * broadcast by a node drawn with the seed, on a fixed schedule of {@code rate} messages a
 * second (message {@code i} is due {@code i / rate} seconds after the first, timed on a thread
 * of its own). A delivery is a message reaching a node's subscriber (the broadcaster's own
 * included); its latency runs from the moment the message was due, so a broadcast that a
 * loaded machine starts late counts as late. The run ends when every node received every
 * message, or at the timeout, then waits {@link #QUIET_PERIOD} for late duplicates. Optional
 * warm-up messages go through the same procedure first and are not counted.
 */
public final class GossipLoad {

  /** Bytes of a payload's header: message index and the time it is due. */
  public static final int HEADER_BYTES = 16;
  /** Wait after the last expected delivery, so that late duplicates are counted. */
  public static final Duration QUIET_PERIOD = Duration.ofMillis(500);
  private static final Duration POLL = Duration.ofMillis(20);

  private GossipLoad() {}

  /**
   * What to broadcast.
   *
   * @param messages messages to broadcast, ≥ 1
   * @param payloadBytes bytes per message, ≥ {@value #HEADER_BYTES}
   * @param rate messages a second, > 0
   * @param protocol the gossip protocol every node subscribes to
   * @param seed draws the broadcasting nodes and the payload bytes
   * @param timeout give up waiting for deliveries after this long
   * @param warmupMessages messages broadcast (the same way) and delivered before the measured
   *     ones, and left out of the result: they let the JIT compile the gossip path first
   */
  public record Settings(int messages, int payloadBytes, double rate, String protocol, long seed,
      Duration timeout, int warmupMessages) {
    public Settings {
      if (messages < 1) {
        throw new IllegalArgumentException("messages must be at least 1: " + messages);
      }
      if (payloadBytes < HEADER_BYTES) {
        throw new IllegalArgumentException(
            "payload must be at least " + HEADER_BYTES + " bytes: " + payloadBytes);
      }
      if (!(rate > 0) || Double.isInfinite(rate)) {
        throw new IllegalArgumentException("rate must be a positive number: " + rate);
      }
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(timeout, "timeout");
      if (warmupMessages < 0) {
        throw new IllegalArgumentException("warm-up messages must be at least 0: "
            + warmupMessages);
      }
    }

    /** Without warm-up. */
    public Settings(int messages, int payloadBytes, double rate, String protocol, long seed,
        Duration timeout) {
      this(messages, payloadBytes, rate, protocol, seed, timeout, 0);
    }
  }

  /**
   * What the nodes received.
   *
   * @param messages messages broadcast successfully
   * @param deliveries messages handed to a node's subscriber, duplicates included
   * @param expectedDeliveries messages × nodes
   * @param duplicateDeliveries deliveries of a message to a node that had it already
   * @param missingDeliveries (message, node) pairs never delivered
   * @param latencyMillis broadcast start → delivery
   * @param framesPerMessage gossip frames sent by all nodes per message
   * @param bytesSent bytes all nodes wrote to TCP during the run (all traffic)
   * @param millis from the first broadcast to the end of the wait
   * @param errors broadcasts that failed
   */
  public record Result(int messages, long deliveries, long expectedDeliveries,
      long duplicateDeliveries, long missingDeliveries, Latency latencyMillis,
      double framesPerMessage, long bytesSent, long millis, List<String> errors) {
    public Result {
      errors = List.copyOf(errors);
    }

    /** Every node got every message exactly once and every broadcast went out. */
    public boolean exact() {
      return missingDeliveries == 0 && duplicateDeliveries == 0 && errors.isEmpty();
    }
  }

  /** Percentiles in milliseconds, to the microsecond. */
  public record Latency(double p50, double p90, double p99, double max) {
    static Latency of(Histogram h) {
      if (h.getTotalCount() == 0) {
        return new Latency(0, 0, 0, 0);
      }
      return new Latency(ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
          ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()));
    }

    private static double ms(long micros) {
      return micros / 1000.0;
    }
  }

  /** Runs the load on the network's nodes (started and converged); lazy. */
  public static Mono<Result> run(LocalNetwork network, Settings settings) {
    Mono<Result> measured = Mono.defer(() -> new Run(network.all(), settings).run());
    if (settings.warmupMessages() == 0) {
      return measured;
    }
    Settings warmup = new Settings(settings.warmupMessages(), settings.payloadBytes(),
        settings.rate(), settings.protocol(), ~settings.seed(), settings.timeout(), 0);
    return Mono.defer(() -> new Run(network.all(), warmup).run()).then(measured);
  }

  private static final class Run {
    private final List<LocalNetwork.Node> nodes;
    private final Settings settings;
    private final AtomicIntegerArray received;
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final Recorder latency = new Recorder(TimeUnit.MINUTES.toMicros(10), 3);
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong sent = new AtomicLong();
    private final Disposable.Composite subscriptions = Disposables.composite();

    Run(List<LocalNetwork.Node> nodes, Settings settings) {
      this.nodes = nodes;
      this.settings = settings;
      this.received = new AtomicIntegerArray(Math.multiplyExact(settings.messages(),
          nodes.size()));
    }

    Mono<Result> run() {
      for (int n = 0; n < nodes.size(); n++) {
        int node = n;
        subscriptions.add(nodes.get(n).node().gossip(settings.protocol(), Priority.HIGH)
            .subscribe(m -> delivered(node, m), e -> errors.add("node " + node + ": " + e)));
      }
      long framesBefore = frames();
      long bytesBefore = bytesSent();
      long expected = (long) settings.messages() * nodes.size();
      // message i is due at started + i * period on a timer thread of its own, and its latency
      // counts from that moment: a broadcast the loaded machine starts late is late for the
      // measurement too (no coordinated omission), and the schedule does not drift
      long periodNanos = (long) (TimeUnit.SECONDS.toNanos(1) / settings.rate());
      Scheduler ticker = Schedulers.newSingle("gossip-load", true);
      long started = System.nanoTime();
      SplittableRandom random = new SplittableRandom(settings.seed());
      return Flux.interval(Duration.ZERO, Duration.ofNanos(periodNanos), ticker)
          .take(settings.messages())
          .onBackpressureBuffer(settings.messages())
          .map(i -> new int[] {i.intValue(), random.nextInt(nodes.size())})
          .flatMap(draw -> broadcast(draw[0], draw[1], started + draw[0] * periodNanos), 1_024)
          .then(Flux.interval(POLL)
              .filter(t -> deliveries.get() - duplicates.get() >= expected)
              .next()
              .timeout(settings.timeout(), Mono.just(-1L)))
          .then(Mono.delay(QUIET_PERIOD))
          .then(Mono.fromCallable(() -> result(expected, framesBefore, bytesBefore, started)))
          // before the result goes downstream (doFinally would run after), so that a run
          // chained after this one can subscribe to the protocol again
          .doOnTerminate(subscriptions::dispose)
          .doOnCancel(subscriptions::dispose)
          .doFinally(signal -> ticker.dispose());
    }

    private Mono<Void> broadcast(int index, int node, long dueAt) {
      byte[] payload = new byte[settings.payloadBytes()];
      new SplittableRandom(settings.seed() * 31 + index).nextBytes(payload);
      ByteBuffer.wrap(payload).putLong(index).putLong(dueAt);
      return nodes.get(node).node().broadcast(settings.protocol(), payload)
          .doOnSuccess(v -> sent.incrementAndGet())
          .onErrorResume(e -> {
            errors.add("broadcast " + index + " from node " + node + ": " + e);
            return Mono.empty();
          });
    }

    private void delivered(int node, GossipMessage message) {
      long now = System.nanoTime();
      ByteBuffer header = ByteBuffer.wrap(message.payload());
      long index = header.getLong();
      long start = header.getLong();
      message.accept();
      deliveries.incrementAndGet();
      if (index < 0 || index >= settings.messages()) {
        errors.add("node " + node + " received an unknown message " + message.id());
        return;
      }
      if (received.getAndIncrement((int) index * nodes.size() + node) > 0) {
        duplicates.incrementAndGet();
      }
      latency.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(now - start)));
    }

    private Result result(long expected, long framesBefore, long bytesBefore, long started) {
      long missing = 0;
      for (int i = 0; i < received.length(); i++) {
        if (received.get(i) == 0) {
          missing++;
        }
      }
      long frames = frames() - framesBefore;
      int messages = (int) sent.get();
      return new Result(messages, deliveries.get(), expected, duplicates.get(), missing,
          Latency.of(latency.getIntervalHistogram()),
          messages == 0 ? 0 : Math.round(frames * 100.0 / messages) / 100.0,
          bytesSent() - bytesBefore,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), errors);
    }

    private long frames() {
      long sum = 0;
      for (LocalNetwork.Node n : nodes) {
        sum += count(n.registry(), GossipMeters.FRAMES, GossipMeters.TAG_PROTOCOL,
            settings.protocol(), GossipMeters.TAG_RESULT, "sent");
      }
      return sum;
    }

    private long bytesSent() {
      long sum = 0;
      for (LocalNetwork.Node n : nodes) {
        sum += n.registry().find(MeterNames.BYTES_SENT).counters().stream()
            .mapToLong(c -> (long) c.count()).sum();
      }
      return sum;
    }

    private static long count(MeterRegistry registry, String name, String... tags) {
      Counter c = registry.find(name).tags(tags).counter();
      return c == null ? 0 : (long) c.count();
    }
  }
}
