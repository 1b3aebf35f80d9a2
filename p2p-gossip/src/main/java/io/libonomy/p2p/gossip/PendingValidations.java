package io.libonomy.p2p.gossip;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * Messages waiting for their subscriber's decision, in arrival order. Every message has the
 * same validation timeout, so arrival order is deadline order and one timer task, armed for
 * the oldest undecided message's deadline only while there is one, expires them all: no task
 * per message and none while idle. Decided messages leave lazily (their slot keeps no
 * payload). At most {@code capacity} slots: past that the oldest message is dropped early.
 */
final class PendingValidations {

  /** Why {@link #expired} is told about a message. */
  enum Expiry { TIMEOUT, OVERFLOW }

  /** A slot: the message until it is decided, then nothing. */
  static final class Slot {
    final long deadlineNanos;
    volatile @Nullable Inbound message;

    Slot(Inbound message) {
      this.deadlineNanos = message.deadlineNanos();
      this.message = message;
    }

    boolean settled() {
      Inbound m = message;
      return m == null || m.decided();
    }
  }

  private final ArrayDeque<Slot> fifo = new ArrayDeque<>();
  private final int capacity;
  private final Scheduler timer;
  private final BiConsumer<Inbound, Expiry> expired;
  private @Nullable Disposable armed;
  private boolean closed;

  PendingValidations(int capacity, Scheduler timer, BiConsumer<Inbound, Expiry> expired) {
    this.capacity = capacity;
    this.timer = timer;
    this.expired = expired;
  }

  /** Registers a message that waits for its decision from now on. */
  void add(Inbound message) {
    List<Inbound> overflow = null;
    synchronized (this) {
      if (closed) {
        overflow = List.of(message);
      } else {
        purgeSettledHeads();
        while (fifo.size() >= capacity) {
          Inbound oldest = fifo.poll().message;
          if (oldest != null && !oldest.decided()) {
            overflow = overflow == null ? new ArrayList<>() : overflow;
            overflow.add(oldest);
          }
        }
        Slot slot = new Slot(message);
        message.slot = slot;
        fifo.add(slot);
        if (armed == null) {
          arm(message.deadlineNanos());
        }
      }
    }
    if (overflow != null) {
      overflow.forEach(m -> expired.accept(m, Expiry.OVERFLOW));
    }
  }

  /** The message was decided: its slot lets go of it (the slot itself leaves lazily). */
  static void settled(Inbound message) {
    Slot slot = message.slot;
    if (slot != null) {
      slot.message = null;
    }
  }

  /** Slots held, decided ones not yet swept included. */
  synchronized int size() {
    return fifo.size();
  }

  /** Whether a timer task is armed. */
  synchronized boolean armed() {
    return armed != null;
  }

  /** Drops every slot and the timer; later {@link #add}s expire at once. Returns the undecided. */
  List<Inbound> close() {
    List<Inbound> undecided = new ArrayList<>();
    synchronized (this) {
      closed = true;
      if (armed != null) {
        armed.dispose();
        armed = null;
      }
      for (Slot slot : fifo) {
        Inbound m = slot.message;
        if (m != null && !m.decided()) {
          undecided.add(m);
        }
      }
      fifo.clear();
    }
    return undecided;
  }

  private void sweep() {
    List<Inbound> overdue = new ArrayList<>();
    synchronized (this) {
      armed = null;
      if (closed) {
        return;
      }
      long now = timer.now(TimeUnit.NANOSECONDS);
      Slot head;
      while ((head = fifo.peek()) != null && (head.settled() || head.deadlineNanos <= now)) {
        fifo.poll();
        Inbound m = head.message;
        if (m != null && !m.decided()) {
          overdue.add(m);
        }
      }
      if (head != null) {
        arm(head.deadlineNanos);
      }
    }
    overdue.forEach(m -> expired.accept(m, Expiry.TIMEOUT));
  }

  private void purgeSettledHeads() {
    Slot head;
    while ((head = fifo.peek()) != null && head.settled()) {
      fifo.poll();
    }
  }

  private void arm(long deadlineNanos) {
    long delay = Math.max(0, deadlineNanos - timer.now(TimeUnit.NANOSECONDS));
    armed = timer.schedule(this::sweep, delay, TimeUnit.NANOSECONDS);
  }
}
