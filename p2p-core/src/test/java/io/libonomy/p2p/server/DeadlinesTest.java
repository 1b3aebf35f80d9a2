package io.libonomy.p2p.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The deadline FIFO on virtual time: when entries expire and how many timer tasks it takes. */
class DeadlinesTest {

  private static final Duration LIFETIME = Duration.ofSeconds(10);

  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private final CountingScheduler timer = new CountingScheduler(time);
  private final Deadlines deadlines = new Deadlines("test/1", timer, LIFETIME);
  private final List<String> expired = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopTime() {
    time.dispose();
  }

  @Test
  void expiresEachEntryExactlyOneLifetimeAfterItWasAdded() {
    deadlines.add(entry("a"));
    time.advanceTimeBy(Duration.ofSeconds(3));
    deadlines.add(entry("b"));

    time.advanceTimeBy(LIFETIME.minusSeconds(3).minusNanos(1));
    assertThat(expired).isEmpty();
    time.advanceTimeBy(Duration.ofNanos(1));
    assertThat(expired).containsExactly("a");
    time.advanceTimeBy(Duration.ofSeconds(3).minusNanos(1));
    assertThat(expired).containsExactly("a");
    time.advanceTimeBy(Duration.ofNanos(1));
    assertThat(expired).containsExactly("a", "b");
    assertThat(deadlines.size()).isZero();
  }

  @Test
  void expiresEntriesOfTheSameInstantTogetherInTheOrderTheyWereAdded() {
    for (int i = 0; i < 1000; i++) {
      deadlines.add(entry("e" + i));
    }

    time.advanceTimeBy(LIFETIME);

    assertThat(expired).hasSize(1000).startsWith("e0", "e1").endsWith("e999");
    assertThat(timer.delayedTasks()).isEqualTo(1);
    assertThat(deadlines.armed()).isFalse();
  }

  @Test
  void schedulesNothingUntilAnEntryIsAdded() {
    time.advanceTimeBy(LIFETIME.multipliedBy(5));

    assertThat(timer.delayedTasks()).isZero();
    assertThat(deadlines.armed()).isFalse();
  }

  @Test
  void removedEntryNeverExpiresAndTheIdleListDisarmsAfterOneRun() {
    Deadlines.Entry a = entry("a");
    deadlines.add(a);
    assertThat(deadlines.remove(a)).isTrue();
    assertThat(deadlines.remove(a)).isFalse();

    time.advanceTimeBy(LIFETIME.multipliedBy(10));

    assertThat(expired).isEmpty();
    assertThat(timer.delayedTasks()).isEqualTo(1); // the task armed for a ran once, found nothing
    assertThat(deadlines.armed()).isFalse();
  }

  @Test
  void steadyFlowOfAnsweredEntriesCostsAboutOneTaskPerLifetime() {
    // one entry every 10 ms, each removed 1 ms later, for 10 lifetimes
    for (int i = 0; i < 10_000; i++) {
      Deadlines.Entry e = entry("e" + i);
      deadlines.add(e);
      time.advanceTimeBy(Duration.ofMillis(1));
      assertThat(deadlines.remove(e)).isTrue();
      time.advanceTimeBy(Duration.ofMillis(9));
    }

    assertThat(expired).isEmpty();
    assertThat(timer.delayedTasks()).isBetween(10, 11);
  }

  @Test
  void overdueEntriesExpireInOneRunAndTheTaskReArmsForTheNextHead() {
    deadlines.add(entry("a"));
    time.advanceTimeBy(Duration.ofSeconds(4));
    Deadlines.Entry b = entry("b");
    deadlines.add(b);
    deadlines.add(entry("c"));
    deadlines.remove(b);

    time.advanceTimeBy(Duration.ofSeconds(6));
    assertThat(expired).containsExactly("a");
    assertThat(deadlines.armed()).isTrue();
    time.advanceTimeBy(Duration.ofSeconds(4));

    assertThat(expired).containsExactly("a", "c");
    assertThat(timer.delayedTasks()).isEqualTo(2);
    assertThat(deadlines.armed()).isFalse();
  }

  @Test
  void removeAllEmptiesTheListHeadFirstAndNothingExpiresAfterwards() {
    deadlines.add(entry("a"));
    deadlines.add(entry("b"));

    List<Deadlines.Entry> all = deadlines.removeAll();
    time.advanceTimeBy(LIFETIME.multipliedBy(2));

    assertThat(all).extracting(Object::toString).containsExactly("a", "b");
    assertThat(expired).isEmpty();
    assertThat(deadlines.size()).isZero();
  }

  @Test
  void anEntryThatThrowsWhileExpiringDoesNotStopTheOthers() {
    AtomicInteger thrown = new AtomicInteger();
    deadlines.add(new Deadlines.Entry() {
      @Override
      void expire() {
        thrown.incrementAndGet();
        throw new IllegalStateException("boom");
      }
    });
    deadlines.add(entry("b"));

    time.advanceTimeBy(LIFETIME);

    assertThat(thrown).hasValue(1);
    assertThat(expired).containsExactly("b");
  }

  @Test
  void aRejectingTimerLeavesTheEntryOutAndTheNextAddTriesAgain() {
    VirtualTimeScheduler stopped = VirtualTimeScheduler.create();
    stopped.dispose();
    Deadlines refused = new Deadlines("test/1", stopped, LIFETIME);

    assertThatThrownBy(() -> refused.add(entry("a")))
        .isInstanceOf(RejectedExecutionException.class);
    assertThat(refused.size()).isZero();
    assertThat(refused.armed()).isFalse();
    assertThatThrownBy(() -> refused.add(entry("b")))
        .isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void refusesAnEntryAddedTwice() {
    Deadlines.Entry a = entry("a");
    deadlines.add(a);

    assertThatThrownBy(() -> deadlines.add(a)).isInstanceOf(IllegalStateException.class);
    assertThat(deadlines.size()).isEqualTo(1);
  }

  private Deadlines.Entry entry(String name) {
    return new Deadlines.Entry() {
      @Override
      void expire() {
        expired.add(name);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
