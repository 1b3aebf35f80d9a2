package io.libonomy.p2p.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The seed's priority queue test (priorityq_test.go) plus the drop-lowest-first bound. */
class RelayQueueTest {

  private final GossipFixture f = new GossipFixture();

  private Inbound message(int i) {
    return new Inbound(f.gossip, new MessageId(i, i), "p", new byte[0], f.localKey, false, 0,
        Long.MAX_VALUE, null);
  }

  @Test
  void readsInNonDecreasingPriorityAfterMixedWrites() {
    long seed = 7;
    Random random = new Random(seed);
    RelayQueue queue = new RelayQueue(3_000);
    List<Priority> written = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      Priority p = Priority.values()[random.nextInt(3)];
      Inbound m = message(i);
      assertThat(queue.offer(m, p).queued()).isTrue();
      written.add(p);
    }

    Priority last = Priority.HIGH;
    int read = 0;
    Inbound m;
    while ((m = queue.poll()) != null) {
      assertThat(m.priority).as("seed %d", seed).isGreaterThanOrEqualTo(last);
      last = m.priority;
      read++;
    }
    assertThat(read).isEqualTo(3_000);
  }

  @Test
  void keepsFifoOrderWithinAPriority() {
    RelayQueue queue = new RelayQueue(10);
    Inbound a = message(1);
    Inbound b = message(2);
    queue.offer(a, Priority.MID);
    queue.offer(b, Priority.MID);

    assertThat(queue.poll()).isSameAs(a);
    assertThat(queue.poll()).isSameAs(b);
    assertThat(queue.poll()).isNull();
  }

  @Test
  void aFullQueueDropsTheOldestOfTheLowestPriorityBelowTheNewcomer() {
    RelayQueue queue = new RelayQueue(3);
    Inbound low1 = message(1);
    Inbound low2 = message(2);
    Inbound mid = message(3);
    queue.offer(low1, Priority.LOW);
    queue.offer(low2, Priority.LOW);
    queue.offer(mid, Priority.MID);

    RelayQueue.Offer high = queue.offer(message(4), Priority.HIGH);

    assertThat(high.queued()).isTrue();
    assertThat(high.dropped()).isSameAs(low1);
    assertThat(queue.size()).isEqualTo(3);
  }

  @Test
  void aFullQueueRefusesANewcomerNoHigherThanEverythingQueued() {
    RelayQueue queue = new RelayQueue(2);
    queue.offer(message(1), Priority.MID);
    queue.offer(message(2), Priority.HIGH);
    Inbound low = message(3);
    Inbound mid = message(4);

    assertThat(queue.offer(low, Priority.LOW)).isEqualTo(new RelayQueue.Offer(false, low));
    assertThat(queue.offer(mid, Priority.MID)).isEqualTo(new RelayQueue.Offer(false, mid));
    assertThat(queue.size()).isEqualTo(2);
  }

  @Test
  void neverHoldsMoreThanItsCapacity() {
    RelayQueue queue = new RelayQueue(100);
    Random random = new Random(11);
    for (int i = 0; i < 10_000; i++) {
      queue.offer(message(i), Priority.values()[random.nextInt(3)]);
      assertThat(queue.size()).isLessThanOrEqualTo(100);
    }
  }
}
