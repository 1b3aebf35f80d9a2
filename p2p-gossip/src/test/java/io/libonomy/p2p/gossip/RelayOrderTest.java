package io.libonomy.p2p.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/** Relay order by priority, the relay queue bound, and protocols that do not wait for each other. */
class RelayOrderTest {

  @Test
  void queuedRelaysLeaveHighBeforeMidBeforeLow() {
    try (GossipFixture f = new GossipFixture(
        GossipSettings.defaults().withRelayConcurrency(1))) {
      f.gossip.start().block();
      f.connect(1);
      // the first relay hangs until released: everything after it queues
      Sinks.Empty<Void> gate = Sinks.empty();
      f.sendBehaviour = s -> new String(s.payload(), StandardCharsets.UTF_8).equals("plug")
          ? gate.asMono() : Mono.empty();
      Disposable low = f.gossip.messages("low/1", Priority.LOW).subscribe(GossipMessage::accept);
      Disposable mid = f.gossip.messages("mid/1", Priority.MID).subscribe(GossipMessage::accept);
      Disposable high =
          f.gossip.messages("high/1", Priority.HIGH).subscribe(GossipMessage::accept);
      try {
        f.gossip.receive(GossipFixture.key(), "low/1", "plug".getBytes(StandardCharsets.UTF_8));
        f.gossip.receive(GossipFixture.key(), "low/1", "l".getBytes(StandardCharsets.UTF_8));
        f.gossip.receive(GossipFixture.key(), "mid/1", "m".getBytes(StandardCharsets.UTF_8));
        f.gossip.receive(GossipFixture.key(), "high/1", "h".getBytes(StandardCharsets.UTF_8));
        assertThat(f.gossip.relayQueueSize()).isEqualTo(3);

        gate.tryEmitEmpty();

        assertThat(f.sent).extracting(GossipFixture.Sent::protocol)
            .containsExactly("low/1", "high/1", "mid/1", "low/1");
      } finally {
        low.dispose();
        mid.dispose();
        high.dispose();
      }
    }
  }

  @Test
  void aFullRelayQueueDropsLowPriorityAndCountsIt() {
    try (GossipFixture f = new GossipFixture(GossipSettings.defaults()
        .withRelayConcurrency(1).withRelayQueueCapacity(2))) {
      f.gossip.start().block();
      f.connect(1);
      Sinks.Empty<Void> gate = Sinks.empty();
      f.sendBehaviour = s -> gate.asMono();
      Disposable low = f.gossip.messages("low/1", Priority.LOW).subscribe(GossipMessage::accept);
      Disposable high =
          f.gossip.messages("high/1", Priority.HIGH).subscribe(GossipMessage::accept);
      try {
        f.gossip.receive(GossipFixture.key(), "low/1", new byte[] {0}); // in flight
        f.gossip.receive(GossipFixture.key(), "low/1", new byte[] {1});
        f.gossip.receive(GossipFixture.key(), "low/1", new byte[] {2});
        f.gossip.receive(GossipFixture.key(), "high/1", new byte[] {3});
        f.gossip.receive(GossipFixture.key(), "high/1", new byte[] {4});

        assertThat(f.dropped("low/1", "relay_queue_full")).isEqualTo(2);
        assertThat(f.gossip.relayQueueSize()).isEqualTo(2);
      } finally {
        gate.tryEmitEmpty();
        low.dispose();
        high.dispose();
      }
    }
  }

  @Test
  void aSlowValidatorOnOneProtocolDoesNotDelayAnotherProtocolsRelays() {
    try (GossipFixture f = new GossipFixture(GossipSettings.defaults(),
        Schedulers.boundedElastic())) {
      f.gossip.start().block();
      f.connect(3);
      CountDownLatch release = new CountDownLatch(1);
      List<GossipMessage> slowSeen = new CopyOnWriteArrayList<>();
      Disposable slow = f.gossip.messages("slow/1", Priority.HIGH)
          .subscribe(m -> {
            slowSeen.add(m);
            try {
              release.await(); // a validator stuck on I/O (boundedElastic may block)
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            m.accept();
          });
      Disposable fast = f.gossip.messages("fast/1", Priority.LOW)
          .subscribe(GossipMessage::accept);
      try {
        for (int i = 0; i < 20; i++) {
          f.gossip.receive(GossipFixture.key(), "slow/1", new byte[] {(byte) i});
        }
        Await.until(() -> slowSeen.size() == 1, Duration.ofSeconds(5), "slow validator busy");
        for (int i = 0; i < 50; i++) {
          f.gossip.receive(GossipFixture.key(), "fast/1", new byte[] {(byte) i});
        }

        Await.until(() -> f.count("fast/1", "relayed") == 50, Duration.ofSeconds(5),
            "all fast/1 messages relayed while slow/1 is stuck");
        assertThat(f.count("slow/1", "relayed")).isZero();
      } finally {
        release.countDown();
        slow.dispose();
        fast.dispose();
      }
    }
  }
}
