package io.libonomy.p2p.server;

import io.libonomy.p2p.api.NotConnectedException;
import io.libonomy.p2p.api.ProtocolSubscriptionException;
import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.crypto.Sha256;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.EnvelopeKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.util.concurrent.Queues;

/**
 * An in-memory network of {@link RequestChannel}s, one per named node, for tests.
 *
 * <p>Every envelope is delivered by one task on the {@code delivery} scheduler: give it a
 * single-threaded scheduler (it then plays the channels' event loop, and delivery is FIFO
 * across the whole network) or a virtual-time scheduler (delivery runs trampolined on the
 * thread that drives virtual time). {@code send} completes once the envelope was handed to the
 * destination's listener, or fails with {@link NotConnectedException} for an unknown or shut
 * down destination.
 *
 * <p>It honours the {@link RequestChannel#listen} contract: one listener per protocol at a
 * time (a second fails with {@link ProtocolSubscriptionException}), a bounded buffer that drops
 * the newest envelope when full, a REQUEST to a protocol nobody listens to is answered
 * REQUEST_ERROR "no handler", an answer to such a protocol is dropped, and {@link
 * Node#shutdown()} completes the node's listen streams. Each node has a loopback socket
 * address, so endpoints look like UDP ones. Every {@code send} is recorded in {@link
 * #transmissions()}.
 */
final class InMemoryNetwork {

  /** An envelope handed to {@code send}. */
  record Transmission(Endpoint from, Endpoint to, Envelope envelope) {}

  private final Scheduler delivery;
  private final int bufferSize;
  private final Map<PublicKey, Node> nodes = new ConcurrentHashMap<>();
  private final Queue<Transmission> transmissions = new ConcurrentLinkedQueue<>();
  private final AtomicInteger nextPort = new AtomicInteger(40_000);
  private final AtomicLong dropped = new AtomicLong();

  InMemoryNetwork(Scheduler delivery, int bufferSize) {
    this.delivery = delivery;
    this.bufferSize = bufferSize;
  }

  /** A new node whose key is derived from {@code name}. */
  Node node(String name) {
    PublicKey key = PublicKey.of(Sha256.digest(name.getBytes(StandardCharsets.UTF_8)));
    InetSocketAddress address =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), nextPort.getAndIncrement());
    Node node = new Node(name, Endpoint.of(key, address));
    nodes.put(key, node);
    return node;
  }

  /** Every envelope sent so far, in send order. */
  List<Transmission> transmissions() {
    return List.copyOf(transmissions);
  }

  /** Envelopes received but not delivered (no listener, full buffer). */
  long dropped() {
    return dropped.get();
  }

  /**
   * Delivers {@code envelope} to {@code to} as if it came from {@code claimedFrom}: what an
   * attacker could do if the channel did not authenticate senders. Not recorded.
   */
  Mono<Void> inject(Endpoint claimedFrom, Node to, Envelope envelope) {
    return deliver(claimedFrom, to.endpoint().key(), envelope);
  }

  /**
   * Completes once every delivery scheduled before it has run (FIFO on a single-threaded
   * delivery scheduler), including answers those deliveries sent synchronously.
   */
  Mono<Void> settle() {
    return Mono.create(sink -> delivery.schedule(() -> delivery.schedule(sink::success)));
  }

  private Mono<Void> deliver(Endpoint from, PublicKey toKey, Envelope envelope) {
    return Mono.create(sink -> delivery.schedule(() -> {
      Node target = nodes.get(toKey);
      if (target == null || target.shutDown) {
        sink.error(new NotConnectedException("no node " + toKey.shortId()));
        return;
      }
      target.receive(from, envelope);
      sink.success();
    }));
  }

  /** One node's channel. */
  final class Node implements RequestChannel {
    private final String name;
    private final Endpoint endpoint;
    private final Map<String, Sinks.Many<InboundEnvelope>> listeners = new ConcurrentHashMap<>();
    private volatile boolean shutDown;

    private Node(String name, Endpoint endpoint) {
      this.name = name;
      this.endpoint = endpoint;
    }

    Endpoint endpoint() {
      return endpoint;
    }

    /** Listeners subscribed now, over all protocols. */
    int listeners() {
      return listeners.size();
    }

    @Override
    public Flux<InboundEnvelope> listen(String protocol) {
      return Flux.defer(() -> {
        if (shutDown) {
          return Flux.empty();
        }
        Sinks.Many<InboundEnvelope> sink = Sinks.many().unicast()
            .onBackpressureBuffer(Queues.<InboundEnvelope>get(bufferSize).get());
        if (listeners.putIfAbsent(protocol, sink) != null) {
          return Flux.error(new ProtocolSubscriptionException(name + " already listens to "
              + protocol));
        }
        return sink.asFlux().doFinally(signal -> listeners.remove(protocol, sink));
      });
    }

    @Override
    public Mono<Void> send(Endpoint to, Envelope envelope) {
      return Mono.defer(() -> {
        if (shutDown) {
          return Mono.error(new ShutdownException(name + " is shut down"));
        }
        transmissions.add(new Transmission(endpoint, to, envelope));
        return deliver(endpoint, to.key(), envelope);
      });
    }

    /** Stops the node: its listen streams complete, sends to and from it fail. */
    Mono<Void> shutdown() {
      return Mono.create(sink -> delivery.schedule(() -> {
        shutDown = true;
        listeners.values().forEach(Sinks.Many::tryEmitComplete);
        sink.success();
      }));
    }

    /** Runs on the delivery scheduler, the only place listeners are emitted to. */
    private void receive(Endpoint from, Envelope envelope) {
      Sinks.Many<InboundEnvelope> listener = listeners.get(envelope.protocol());
      if (listener == null) {
        dropped.incrementAndGet();
        if (envelope.kind() == EnvelopeKind.REQUEST) {
          deliver(endpoint, from.key(), Envelope.requestError(envelope.protocol(),
              envelope.msgType(), envelope.reqId(), "no handler")).subscribe(null, e -> { });
        }
        return;
      }
      if (listener.tryEmitNext(new InboundEnvelope(from, envelope)).isFailure()) {
        dropped.incrementAndGet();
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
