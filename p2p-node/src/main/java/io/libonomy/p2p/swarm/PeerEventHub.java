package io.libonomy.p2p.swarm;

import io.libonomy.p2p.api.Direction;
import io.libonomy.p2p.api.P2PException;
import io.libonomy.p2p.api.PeerEvent;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.metrics.MeterNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * The current peer set and the hot stream of its changes. Each subscriber gets its own
 * bounded buffer, pre-filled with a {@link PeerEvent.Connected} for every current peer, so
 * a late subscriber sees the state and then every change, none missed and none dropped. A
 * subscriber that falls {@code bufferSize} events behind fails with
 * {@link PeerEventOverflowException} instead of silently losing events.
 */
final class PeerEventHub {

  /** A peer-event subscriber fell too far behind. */
  static final class PeerEventOverflowException extends P2PException {
    PeerEventOverflowException(String message) {
      super(message);
    }
  }

  private final int bufferSize;
  private final Map<PublicKey, Direction> peers = new LinkedHashMap<>();
  // copy-on-write: a subscriber that cancels while an event is delivered to it removes itself
  // from the list being iterated (same thread, the lock is reentrant)
  private final List<Sinks.Many<PeerEvent>> subscribers = new CopyOnWriteArrayList<>();
  private int inbound;
  private int outbound;
  private boolean closed;

  PeerEventHub(int bufferSize, MeterRegistry registry) {
    this.bufferSize = bufferSize;
    Gauge.builder(MeterNames.PEERS, this, h -> h.count(Direction.INBOUND))
        .tag(MeterNames.TAG_DIRECTION, Direction.INBOUND.tag()).register(registry);
    Gauge.builder(MeterNames.PEERS, this, h -> h.count(Direction.OUTBOUND))
        .tag(MeterNames.TAG_DIRECTION, Direction.OUTBOUND.tag()).register(registry);
  }

  Flux<PeerEvent> events() {
    return Flux.defer(() -> {
      Sinks.Many<PeerEvent> sink = Sinks.many().unicast()
          .onBackpressureBuffer(Queues.<PeerEvent>get(bufferSize).get());
      synchronized (this) {
        if (closed) {
          return Flux.empty();
        }
        peers.forEach((peer, direction) ->
            sink.tryEmitNext(new PeerEvent.Connected(peer, direction)));
        subscribers.add(sink);
      }
      return sink.asFlux().doFinally(signal -> remove(sink));
    });
  }

  synchronized void connected(PublicKey peer, Direction direction) {
    peers.put(peer, direction);
    adjust(direction, 1);
    publish(new PeerEvent.Connected(peer, direction));
  }

  synchronized void disconnected(PublicKey peer) {
    Direction direction = peers.remove(peer);
    if (direction != null) {
      adjust(direction, -1);
      publish(new PeerEvent.Disconnected(peer, direction));
    }
  }

  /** A peer's kept connection changed direction; no event, only the gauges move. */
  synchronized void redirected(PublicKey peer, Direction direction) {
    Direction previous = peers.put(peer, direction);
    if (previous != null && previous != direction) {
      adjust(previous, -1);
      adjust(direction, 1);
    }
  }

  synchronized Set<PublicKey> peers() {
    return Set.copyOf(peers.keySet());
  }

  synchronized int count(Direction direction) {
    return direction == Direction.INBOUND ? inbound : outbound;
  }

  synchronized void close() {
    closed = true;
    List<Sinks.Many<PeerEvent>> open = new ArrayList<>(subscribers);
    subscribers.clear();
    open.forEach(Sinks.Many::tryEmitComplete);
  }

  private void adjust(Direction direction, int delta) {
    if (direction == Direction.INBOUND) {
      inbound += delta;
    } else {
      outbound += delta;
    }
  }

  private void publish(PeerEvent event) {
    List<Sinks.Many<PeerEvent>> overflowed = new ArrayList<>(0);
    List<Sinks.Many<PeerEvent>> gone = new ArrayList<>(0);
    for (Sinks.Many<PeerEvent> sink : subscribers) {
      Sinks.EmitResult result = sink.tryEmitNext(event);
      if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
        overflowed.add(sink);
      } else if (result.isFailure()) {
        gone.add(sink);
      }
    }
    subscribers.removeAll(gone);
    subscribers.removeAll(overflowed);
    // terminating a sink runs its subscriber's doFinally, which removes it from the list:
    // only after the iteration above
    overflowed.forEach(sink -> sink.tryEmitError(new PeerEventOverflowException(
        "peer event subscriber fell " + bufferSize + " events behind")));
  }

  private synchronized void remove(Sinks.Many<PeerEvent> sink) {
    subscribers.remove(sink);
  }
}
