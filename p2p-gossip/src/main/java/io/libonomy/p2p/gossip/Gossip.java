package io.libonomy.p2p.gossip;

import io.libonomy.p2p.api.PeerEvent;
import io.libonomy.p2p.crypto.PublicKey;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Validated flood gossip over a node's neighbours (ARCHITECTURE §5.7, seed-behaviour §11).
 *
 * <p>A message arriving from a neighbour ({@link #receive}) or broadcast locally
 * ({@link #broadcast}) is identified by {@link MessageId}; one seen before (two-generation
 * seen-cache of {@code seenCacheSize} ids each) is dropped. A new one goes to the local
 * subscriber of its protocol ({@link #messages}), which accepts, rejects or ignores it; only
 * an accepted message is relayed, to every neighbour except the one it came from, from one
 * bounded relay queue in priority order. Rejections count against the sender; a neighbour over
 * {@code maxInvalidPerMinute} is reported to the offender callback (the Switch disconnects
 * and bans it).
 *
 * <p>Threads: {@link #receive} is cheap and non-blocking (it hashes the payload and queues
 * it) and may run on an event loop; subscribers validate on the {@code validation} scheduler
 * and relays start on the {@code relay} scheduler — never on an event loop.
 */
public interface Gossip {

  /**
   * Where gossip runs.
   *
   * @param timer validation deadlines and the penalty clock (tests pass virtual time)
   * @param validation where subscribers receive messages (default
   *     {@link Schedulers#boundedElastic()}, so a validator may block)
   * @param relay where relays start (default {@link Schedulers#parallel()})
   */
  record Options(Scheduler timer, Scheduler validation, Scheduler relay) {
    public Options {
      Objects.requireNonNull(timer, "timer");
      Objects.requireNonNull(validation, "validation");
      Objects.requireNonNull(relay, "relay");
    }

    /** parallel timer, boundedElastic validation, parallel relay. */
    public static Options defaults() {
      return new Options(Schedulers.parallel(), Schedulers.boundedElastic(),
          Schedulers.parallel());
    }
  }

  /**
   * A gossip engine for the node {@code localKey}.
   *
   * @param transport sends gossip frames to neighbours
   * @param peerEvents the node's peer events (current peers first, then changes); followed
   *     from {@link #start()} to {@link #close()}: the neighbours a message is relayed to
   * @param offenders told (once per minute at most per key) about a neighbour that sent more
   *     than {@code maxInvalidPerMinute} rejected messages in a minute; must not block
   */
  static Gossip create(GossipSettings settings, PublicKey localKey, GossipTransport transport,
      Flux<PeerEvent> peerEvents, Consumer<PublicKey> offenders, MeterRegistry registry,
      Options options) {
    return new DefaultGossip(settings, localKey, transport, peerEvents, offenders, registry,
        options);
  }

  /** Starts following the peer events. Idempotent. */
  Mono<Void> start();

  /**
   * The messages of {@code protocol} for validation, relayed with {@code priority} once
   * accepted. One subscriber per protocol at a time (a second one fails with
   * {@link io.libonomy.p2p.api.ProtocolSubscriptionException}); while none subscribes, the
   * protocol's messages are dropped (not relayed) and counted. Completes at {@link #close()}.
   */
  Flux<GossipMessage> messages(String protocol, Priority priority);

  /**
   * Gossips {@code payload} from this node: the local subscriber of {@code protocol} validates
   * it like any other message, then it is relayed to every neighbour. Completes once it was
   * handed to every neighbour's connection (individual send failures are counted, not
   * errors). Fails with a {@link BroadcastException} whose reason says why it did not go out,
   * or a {@link io.libonomy.p2p.api.ShutdownException} after {@link #close()}.
   */
  Mono<Void> broadcast(String protocol, byte[] payload);

  /**
   * A gossip frame from the neighbour {@code sender}. Non-blocking; never throws for bad
   * input (unknown protocol, duplicate: dropped and counted).
   */
  void receive(PublicKey sender, String protocol, byte[] payload);

  /**
   * Stops following peers, completes the subscribers, drops queued relays and fails local
   * broadcasts still in progress with a {@link io.libonomy.p2p.api.ShutdownException}.
   * Idempotent.
   */
  Mono<Void> close();
}
