package io.libonomy.p2p.net;

import io.libonomy.p2p.api.ProtocolSubscriptionException;
import io.libonomy.p2p.config.OverflowPolicy;
import io.micrometer.core.instrument.Counter;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * The bounded inbound queue of one protocol and its single subscriber: direct messages and
 * request envelopes of the TCP router, request envelopes of the UDP mux.
 *
 * <p>Producers (connection readers, on event loops) {@link #offer} messages; the subscriber
 * drains them as it requests. The queue never holds more than {@code capacity} messages: with
 * {@link OverflowPolicy#BACKPRESSURE} a producer facing a full queue is told to pause and is
 * called back once there is room (so it stops reading its socket meanwhile); the drop policies
 * drop and count instead.
 */
public final class ProtocolInbox<T> {

  /**
   * What became of an offered message: queued; refused because no one subscribes (the caller
   * counts and reacts); dropped by the overflow policy (already counted); or refused for now
   * under backpressure (offer it again once {@code onSpace} runs).
   */
  public enum Offer { ACCEPTED, NO_SUBSCRIBER, DROPPED, PAUSED }

  private final String protocol;
  private final int capacity;
  private final Queue<T> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final Queue<Runnable> waiters = new ConcurrentLinkedQueue<>();
  private final AtomicReference<@Nullable FluxSink<T>> sink = new AtomicReference<>();
  private final AtomicInteger wip = new AtomicInteger();
  private final Counter delivered;
  private final Consumer<String> dropped;
  private volatile OverflowPolicy policy = OverflowPolicy.BACKPRESSURE;
  private volatile boolean closed;

  /**
   * An inbox for {@code protocol}.
   *
   * @param delivered counts the messages handed to the subscriber
   * @param dropped counts the messages this inbox drops, by reason ({@code overflow}: the
   *     drop policy; {@code unsubscribed}: queued when the subscriber left or at close)
   */
  public ProtocolInbox(String protocol, int capacity, Counter delivered,
      Consumer<String> dropped) {
    this.protocol = protocol;
    this.capacity = capacity;
    this.delivered = delivered;
    this.dropped = dropped;
  }

  /** The only subscription allowed at a time; a second concurrent one fails. */
  public Flux<T> subscribe(OverflowPolicy overflowPolicy) {
    return Flux.create(s -> {
      if (closed) {
        s.complete();
        return;
      }
      if (!sink.compareAndSet(null, s)) {
        s.error(new ProtocolSubscriptionException(
            "protocol '" + protocol + "' already has a subscriber"));
        return;
      }
      policy = overflowPolicy;
      s.onRequest(n -> drain());
      s.onDispose(() -> unsubscribed(s));
      if (closed) {
        close();
      }
    }, FluxSink.OverflowStrategy.ERROR);
  }

  /** Whether someone subscribes right now. */
  public boolean hasSubscriber() {
    return sink.get() != null;
  }

  /** Messages queued right now. */
  public int size() {
    return size.get();
  }

  /**
   * Offers {@code message}. {@code PAUSED} means the queue is full under the backpressure
   * policy: {@code onSpace} will run (on some thread) once there is room, and the caller
   * must offer the same message again then.
   */
  public Offer offer(T message, Runnable onSpace) {
    if (sink.get() == null) {
      return Offer.NO_SUBSCRIBER;
    }
    if (tryReserve()) {
      return enqueue(message);
    }
    switch (policy) {
      case DROP_NEWEST -> {
        dropped.accept("overflow");
        return Offer.DROPPED;
      }
      case DROP_OLDEST -> {
        while (!tryReserve()) {
          if (queue.poll() != null) {
            size.decrementAndGet();
            dropped.accept("overflow");
          }
        }
        return enqueue(message);
      }
      default -> {
        waiters.add(onSpace);
        if (tryReserve()) {
          return enqueue(message);
        }
        return Offer.PAUSED;
      }
    }
  }

  /** Completes the subscriber and refuses later subscriptions (shutdown). */
  public void close() {
    closed = true;
    FluxSink<T> s = sink.getAndSet(null);
    if (s != null) {
      s.complete();
    }
    discardQueued();
  }

  private Offer enqueue(T message) {
    queue.add(message);
    drain();
    return Offer.ACCEPTED;
  }

  private boolean tryReserve() {
    int current;
    do {
      current = size.get();
      if (current >= capacity) {
        return false;
      }
    } while (!size.compareAndSet(current, current + 1));
    return true;
  }

  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      FluxSink<T> s = sink.get();
      if (s != null) {
        long requested = s.requestedFromDownstream();
        while (requested-- > 0) {
          T m = queue.poll();
          if (m == null) {
            break;
          }
          size.decrementAndGet();
          delivered.increment();
          s.next(m);
        }
      }
      if (!waiters.isEmpty() && (s == null || size.get() < capacity)) {
        wakeWaiters();
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  private void wakeWaiters() {
    Runnable waiter;
    int n = waiters.size();
    while (n-- > 0 && (waiter = waiters.poll()) != null) {
      waiter.run();
    }
  }

  private void unsubscribed(FluxSink<T> s) {
    if (sink.compareAndSet(s, null)) {
      discardQueued();
    }
  }

  private void discardQueued() {
    while (queue.poll() != null) {
      size.decrementAndGet();
      dropped.accept("unsubscribed");
    }
    wakeWaiters();
  }
}
