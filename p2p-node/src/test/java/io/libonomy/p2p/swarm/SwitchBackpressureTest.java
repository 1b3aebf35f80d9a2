package io.libonomy.p2p.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.api.DirectMessage;
import io.libonomy.p2p.config.OverflowPolicy;
import io.libonomy.p2p.metrics.MeterNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A subscriber consuming 10 messages per second against a sender going as fast as it can:
 * the protocol queue never exceeds its bound, the sender is slowed by TCP flow control and
 * nothing is lost; under a drop policy the sender is not slowed and every drop is counted.
 */
class SwitchBackpressureTest {

  private static final int BUFFER = 100;
  private final TestNodes nodes = new TestNodes();

  @AfterEach
  void shutdown() {
    nodes.close();
  }

  private static byte[] numbered(int i, int size) {
    return ByteBuffer.allocate(size).putInt(0, i).array();
  }

  private static int number(DirectMessage m) {
    return ByteBuffer.wrap(m.payload()).getInt(0);
  }

  /** Waits for a condition with a deadline, checking every 10 ms. */
  static void await(BooleanSupplier condition, Duration within, String what) {
    Mono.fromSupplier(condition::getAsBoolean)
        .filter(Boolean::booleanValue)
        .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(10)))
        .timeout(within)
        .onErrorMap(e -> new AssertionError("timed out waiting for " + what, e))
        .block();
  }

  private static Flux<DirectMessage> consume(Flux<DirectMessage> in, AtomicBoolean slow) {
    return in.concatMap(m -> slow.get()
        ? Mono.delay(Duration.ofMillis(100)).thenReturn(m) : Mono.just(m), 1);
  }

  @Test
  void slowSubscriberSlowsTheSenderWithoutLosingOrQueueingBeyondTheBound() {
    TestNodes.Node receiver = nodes.start(c -> c.withBufferSize(BUFFER));
    Switch sender = nodes.start();
    int total = 2_000;
    AtomicBoolean slow = new AtomicBoolean(true);
    List<Integer> received = new CopyOnWriteArrayList<>();
    Disposable consumer = consume(receiver.node().direct("bulk/1"), slow)
        .subscribe(m -> received.add(number(m)));
    sender.connect(receiver.node().localNode()).block(TestNodes.TIMEOUT);
    AtomicInteger sent = new AtomicInteger();
    Disposable producer = Flux.range(0, total)
        .concatMap(i -> sender.send(receiver.node().localKey(), "bulk/1", numbered(i, 64 * 1024))
            .doOnSuccess(v -> sent.incrementAndGet()), 1)
        .subscribe();
    try {
      Gauge queue = receiver.registry().get(MeterNames.QUEUE_LENGTH)
          .tag(MeterNames.TAG_PROTOCOL, "bulk/1").gauge();
      double[] maxQueue = {0};
      await(() -> {
        maxQueue[0] = Math.max(maxQueue[0], queue.value());
        return received.size() >= 20;
      }, Duration.ofSeconds(30), "20 messages at 10/s");
      int sentWhileSlow = sent.get();
      assertThat(maxQueue[0]).as("protocol queue length").isLessThanOrEqualTo(BUFFER);
      assertThat(sentWhileSlow).as("sends completed while the consumer took 20")
          .isLessThan(total / 2);

      slow.set(false);
      await(() -> received.size() == total, Duration.ofSeconds(60), "all messages");
      assertThat(received).hasSize(total).isSorted();
      assertThat(received.get(total - 1)).isEqualTo(total - 1);
      assertThat(receiver.registry().find(MeterNames.FRAMES_DROPPED).counters()).isEmpty();
    } finally {
      producer.dispose();
      consumer.dispose();
    }
  }

  @Test
  void dropNewestDoesNotSlowTheSenderAndCountsEveryDrop() {
    assertDropPolicy(OverflowPolicy.DROP_NEWEST);
  }

  @Test
  void dropOldestDoesNotSlowTheSenderAndKeepsTheNewest() {
    List<Integer> received = assertDropPolicy(OverflowPolicy.DROP_OLDEST);
    assertThat(received).contains(499);
  }

  private List<Integer> assertDropPolicy(OverflowPolicy policy) {
    TestNodes.Node receiver = nodes.start(c -> c.withBufferSize(10));
    Switch sender = nodes.start();
    AtomicBoolean slow = new AtomicBoolean(true);
    List<Integer> received = new CopyOnWriteArrayList<>();
    Disposable consumer = consume(receiver.node().direct("lossy/1", policy), slow)
        .subscribe(m -> received.add(number(m)));
    try {
      sender.connect(receiver.node().localNode()).block(TestNodes.TIMEOUT);
      int total = 500;
      Flux.range(0, total)
          .concatMap(i -> sender.send(receiver.node().localKey(), "lossy/1", numbered(i, 1024)))
          .then()
          .block(Duration.ofSeconds(10));
      // 500 messages at 10/s would take 50 s: the sends finished, so the sender was not slowed
      slow.set(false);
      MeterRegistry registry = receiver.registry();
      await(() -> received.size() + dropped(registry, "lossy/1") == total,
          Duration.ofSeconds(10), "received + dropped == sent");
      assertThat(dropped(registry, "lossy/1")).isPositive();
      assertThat(received).isSorted().doesNotHaveDuplicates();
      return received;
    } finally {
      consumer.dispose();
    }
  }

  private static long dropped(MeterRegistry registry, String protocol) {
    Counter counter = registry.find(MeterNames.FRAMES_DROPPED)
        .tags(MeterNames.TAG_REASON, "overflow", MeterNames.TAG_PROTOCOL, protocol).counter();
    return counter == null ? 0 : (long) counter.count();
  }
}
