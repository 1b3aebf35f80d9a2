package io.libonomy.p2p.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;

/**
 * Deadlines that all lie one lifetime after their entry was added, expired by at most one task
 * on the timer at a time instead of a timer task per entry.
 *
 * <p>Since every entry lives equally long, the order entries were added in is the order their
 * deadlines fall in: the entries form a FIFO (an intrusive doubly-linked list, so removing an
 * answered one is O(1)) and only its head's deadline matters. The first entry added while no
 * task is armed arms one for its deadline; that task expires every overdue entry from the head
 * and re-arms itself for the new head's deadline, or disarms if the list is empty. Removing an
 * entry never cancels the armed task (cancelling and re-arming per request would wake the
 * timer's thread every request, the cost this class exists to avoid): the task runs once more
 * at the deadline it was armed for, finds nothing overdue and re-arms or disarms. So a steady
 * flow of entries costs about one timer run per lifetime, an idle owner has no task at all one
 * lifetime after its last entry was added, and an entry expires at its deadline (no sweep
 * period adds to it), as precisely as the timer runs its tasks.
 *
 * <p>Thread-safe; the list is guarded by one short lock, never held while an entry expires or
 * a task is scheduled. The list holds only what its owner added and has not removed, so it is
 * bounded by the owner's own bound (pending requests, running handlers).
 */
final class Deadlines {

  private static final Logger log = LoggerFactory.getLogger(Deadlines.class);

  /** An entry of the list; an instance belongs to one list and is added at most once. */
  abstract static class Entry {
    private long deadline;
    private @Nullable Entry prev;
    private @Nullable Entry next;
    private boolean linked;

    /**
     * Runs once, on the timer's thread, after the entry left the list because its deadline
     * passed. Must not throw (a throw is logged and the sweep goes on) and must not block.
     */
    abstract void expire();
  }

  private final String protocol;
  private final Scheduler timer;
  private final long lifetimeNanos;
  private final Object lock = new Object();
  private @Nullable Entry head;
  private @Nullable Entry tail;
  private int size;
  /** Whether a sweep task is scheduled; at most one is. */
  private boolean armed;

  Deadlines(String protocol, Scheduler timer, Duration lifetime) {
    this.protocol = protocol;
    this.timer = timer;
    this.lifetimeNanos = lifetime.toNanos();
  }

  /**
   * Adds {@code entry} with its deadline one lifetime from now on the timer's clock, arming the
   * sweep task if none is armed.
   *
   * @throws RejectedExecutionException if the timer refused the task (it is shut down);
   *     {@code entry} is not in the list then
   */
  void add(Entry entry) {
    boolean arm;
    synchronized (lock) {
      entry.deadline = timer.now(TimeUnit.NANOSECONDS) + lifetimeNanos;
      link(entry);
      arm = !armed;
      armed = true;
    }
    if (arm) {
      try {
        timer.schedule(this::sweep, lifetimeNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        synchronized (lock) {
          armed = false;
          unlink(entry);
        }
        throw e;
      }
    }
  }

  /** Removes {@code entry}; false if it was not in the list (expired or removed before). */
  boolean remove(Entry entry) {
    synchronized (lock) {
      if (!entry.linked) {
        return false;
      }
      unlink(entry);
      return true;
    }
  }

  /** Empties the list (close): returns what was in it, head first; none of it expires. */
  List<Entry> removeAll() {
    synchronized (lock) {
      List<Entry> all = new ArrayList<>(size);
      Entry e;
      while ((e = head) != null) {
        unlink(e);
        all.add(e);
      }
      return all;
    }
  }

  /** Entries in the list now. */
  int size() {
    synchronized (lock) {
      return size;
    }
  }

  /** Whether a sweep task is scheduled now. */
  boolean armed() {
    synchronized (lock) {
      return armed;
    }
  }

  /** Expires the entries overdue when it starts, then re-arms for the head or disarms. */
  private void sweep() {
    long now = timer.now(TimeUnit.NANOSECONDS);
    while (true) {
      Entry overdue;
      long delay;
      synchronized (lock) {
        Entry first = head;
        if (first == null) {
          armed = false;
          return;
        }
        delay = first.deadline - now;
        overdue = delay <= 0 ? first : null;
        if (overdue != null) {
          unlink(overdue);
        }
      }
      if (overdue == null) {
        rearm(delay);
        return;
      }
      try {
        overdue.expire();
      } catch (RuntimeException e) {
        log.debug("[{}][rpc] expiring an entry failed", protocol, e);
      }
    }
  }

  private void rearm(long delayNanos) {
    try {
      timer.schedule(this::sweep, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // the timer is shut down: the next add tries again, and closing the owner ends the rest
      synchronized (lock) {
        armed = false;
      }
      log.debug("[{}][rpc] timer rejected the deadline sweep: {}", protocol, e.toString());
    }
  }

  private void link(Entry entry) {
    if (entry.linked) {
      throw new IllegalStateException("entry added twice");
    }
    entry.linked = true;
    entry.prev = tail;
    entry.next = null;
    if (tail == null) {
      head = entry;
    } else {
      tail.next = entry;
    }
    tail = entry;
    size++;
  }

  private void unlink(Entry entry) {
    Entry prev = entry.prev;
    Entry next = entry.next;
    if (prev == null) {
      head = next;
    } else {
      prev.next = next;
    }
    if (next == null) {
      tail = prev;
    } else {
      next.prev = prev;
    }
    entry.prev = null;
    entry.next = null;
    entry.linked = false;
    size--;
  }
}
