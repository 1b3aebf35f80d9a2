package io.libonomy.p2p.swarm;

import io.libonomy.p2p.api.ProtocolSubscriptionException;
import io.libonomy.p2p.config.OverflowPolicy;
import io.libonomy.p2p.metrics.MeterNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * The bounded inbound queue of one protocol (direct messages or request envelopes) and its
 * single subscriber.
 *
 * <p>Producers (connection readers, on event loops) {@link #offer} messages; the subscriber
 * drains them as it requests. The queue never holds more than {@code capacity} messages: with
 * {@link OverflowPolicy#BACKPRESSURE} a producer facing a full queue is told to pause and is
 * called back once there is room (so it stops reading its socket meanwhile); the drop policies
 * drop and count instead.
 */
final class ProtocolInbox<T> {

  enum Offer { ACCEPTED, DROPPED, PAUSED }

  private final String protocol;
  private final int capacity;
  private final Queue<T> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final Queue<Runnable> waiters = new ConcurrentLinkedQueue<>();
  private final AtomicReference<@Nullable FluxSink<T>> sink = new AtomicReference<>();
  private final AtomicInteger wip = new AtomicInteger();
  private final MeterRegistry registry;
  private final Counter delivered;
  private volatile OverflowPolicy policy = OverflowPolicy.BACKPRESSURE;
  private volatile boolean closed;

  /**
   * An inbox for {@code protocol}.
   *
   * @param kind the meter tag telling direct messages from requests
   */
  ProtocolInbox(String protocol, String kind, int capacity, MeterRegistry registry) {
    this.protocol = protocol;
    this.capacity = capacity;
    this.registry = registry;
    this.delivered = registry.counter(MeterNames.MESSAGES_DELIVERED,
        MeterNames.TAG_PROTOCOL, protocol, MeterNames.TAG_KIND, kind);
    Gauge.builder(MeterNames.QUEUE_LENGTH, size, AtomicInteger::get)
        .tag(MeterNames.TAG_PROTOCOL, protocol)
        .tag(MeterNames.TAG_KIND, kind)
        .register(registry);
  }

  /** The only subscription allowed at a time; a second concurrent one fails. */
  Flux<T> subscribe(OverflowPolicy overflowPolicy) {
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
    }, FluxSink.OverflowStrategy.ERROR);
  }

  /** Messages queued right now. */
  int size() {
    return size.get();
  }

  /**
   * Offers {@code message}. {@code PAUSED} means the queue is full under the backpressure
   * policy: {@code onSpace} will run (on some thread) once there is room, and the caller
   * must offer the same message again then.
   */
  Offer offer(T message, Runnable onSpace) {
    if (sink.get() == null) {
      dropped("no_subscriber");
      return Offer.DROPPED;
    }
    if (tryReserve()) {
      return enqueue(message);
    }
    switch (policy) {
      case DROP_NEWEST -> {
        dropped("overflow");
        return Offer.DROPPED;
      }
      case DROP_OLDEST -> {
        while (!tryReserve()) {
          if (queue.poll() != null) {
            size.decrementAndGet();
            dropped("overflow");
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
  void close() {
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
      dropped("unsubscribed");
    }
    wakeWaiters();
  }

  private void dropped(String reason) {
    registry.counter(MeterNames.FRAMES_DROPPED, MeterNames.TAG_REASON, reason,
        MeterNames.TAG_PROTOCOL, protocol).increment();
  }
}
