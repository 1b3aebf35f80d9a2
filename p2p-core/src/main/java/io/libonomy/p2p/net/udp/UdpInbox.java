package io.libonomy.p2p.net.udp;

import io.libonomy.p2p.api.ProtocolSubscriptionException;
import io.libonomy.p2p.server.InboundEnvelope;
import io.micrometer.core.instrument.Counter;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * The bounded inbound queue of one protocol and its single listener. Producers (the event
 * loop, crypto workers) {@link #offer} without ever blocking or waiting: a full queue drops
 * the arriving envelope (UDP has no flow control to push back with). The listener drains at
 * its own demand, on whichever producer or requesting thread gets the drain loop.
 */
final class UdpInbox {

  /** What became of an offered envelope. */
  enum Offer { QUEUED, NO_LISTENER, OVERFLOW }

  private final String protocol;
  private final int capacity;
  private final UdpMetrics metrics;
  private final Counter delivered;
  private final Queue<InboundEnvelope> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicReference<@Nullable FluxSink<InboundEnvelope>> sink =
      new AtomicReference<>();
  private final AtomicInteger wip = new AtomicInteger();
  private volatile boolean closed;

  UdpInbox(String protocol, int capacity, UdpMetrics metrics) {
    this.protocol = protocol;
    this.capacity = capacity;
    this.metrics = metrics;
    this.delivered = metrics.delivered(protocol);
    metrics.queueLength(protocol, size::get);
  }

  /**
   * The only subscription allowed at a time: a second concurrent one fails with {@link
   * ProtocolSubscriptionException}; after the first ends, a new one may start. Completes at
   * once when the inbox is closed.
   */
  Flux<InboundEnvelope> subscribe() {
    return Flux.create(s -> {
      if (closed) {
        s.complete();
        return;
      }
      if (!sink.compareAndSet(null, s)) {
        s.error(new ProtocolSubscriptionException(
            "protocol '" + protocol + "' already has a listener"));
        return;
      }
      s.onRequest(n -> drain());
      s.onDispose(() -> unsubscribed(s));
      if (closed) {
        close();
      }
    }, FluxSink.OverflowStrategy.ERROR);
  }

  /** Queues {@code envelope} for the listener unless there is none or it is too far behind. */
  Offer offer(InboundEnvelope envelope) {
    if (sink.get() == null) {
      return Offer.NO_LISTENER;
    }
    if (!tryReserve()) {
      return Offer.OVERFLOW;
    }
    queue.add(envelope);
    drain();
    return Offer.QUEUED;
  }

  /** Completes the listener and refuses later subscriptions (shutdown). */
  void close() {
    closed = true;
    FluxSink<InboundEnvelope> s = sink.getAndSet(null);
    if (s != null) {
      s.complete();
    }
    drain();
  }

  /** Envelopes queued right now. */
  int size() {
    return size.get();
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

  /**
   * The one drain loop (work-in-progress counter): emits up to the listener's demand; with no
   * listener, whatever is queued is dropped ({@code no_listener}), so nothing waits for a
   * listener that left.
   */
  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      FluxSink<InboundEnvelope> s = sink.get();
      if (s == null) {
        discardQueued();
      } else {
        long requested = s.requestedFromDownstream();
        InboundEnvelope next;
        while (requested-- > 0 && (next = queue.poll()) != null) {
          size.decrementAndGet();
          delivered.increment();
          s.next(next);
        }
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  private void discardQueued() {
    while (queue.poll() != null) {
      size.decrementAndGet();
      metrics.dropped(DropReason.NO_LISTENER);
    }
  }

  private void unsubscribed(FluxSink<InboundEnvelope> s) {
    if (sink.compareAndSet(s, null)) {
      drain();
    }
  }
}
