package io.libonomy.p2p.gossip;

import io.libonomy.p2p.api.PeerEvent;
import io.libonomy.p2p.api.Peers;
import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.config.OverflowPolicy;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.net.ProtocolInbox;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/** The gossip engine; see {@link Gossip}. */
final class DefaultGossip implements Gossip {

  private static final Logger log = LoggerFactory.getLogger(DefaultGossip.class);
  /** Messages a subscriber's scheduler hop holds ahead of the subscriber. */
  private static final int PREFETCH = 32;
  /**
   * Undecided messages held at most, in multiples of one protocol's share (its inbox and the
   * prefetch of its hop to the validation scheduler): beyond, the oldest are dropped.
   */
  private static final int PENDING_SHARES = 4;

  private final GossipSettings settings;
  private final PublicKey localKey;
  private final String localId;
  private final GossipTransport transport;
  private final Flux<PeerEvent> peerEvents;
  private final Consumer<PublicKey> offenders;
  private final MeterRegistry registry;
  private final Options options;
  private final SeenCache seen;
  private final Map<String, Topic> topics = new ConcurrentHashMap<>();
  /** Messages between arrival and the end of their relay, for the relay to skip neighbours that sent them too. */
  private final Map<MessageId, Inbound> inProgress = new ConcurrentHashMap<>();
  private final PendingValidations pending;
  private final RelayQueue relayQueue;
  private final PenaltyBox penalties;
  private final Scheduler.Worker relayWorker;
  private final AtomicInteger drainWip = new AtomicInteger();
  private final AtomicInteger relaying = new AtomicInteger();
  private final AtomicBoolean started = new AtomicBoolean();
  private final Disposable.Composite subscriptions = Disposables.composite();
  private volatile @Nullable Peers peers;
  private volatile boolean closed;

  DefaultGossip(GossipSettings settings, PublicKey localKey, GossipTransport transport,
      Flux<PeerEvent> peerEvents, Consumer<PublicKey> offenders, MeterRegistry registry,
      Options options) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.localKey = Objects.requireNonNull(localKey, "localKey");
    this.localId = localKey.shortId();
    this.transport = Objects.requireNonNull(transport, "transport");
    this.peerEvents = Objects.requireNonNull(peerEvents, "peerEvents");
    this.offenders = Objects.requireNonNull(offenders, "offenders");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.options = Objects.requireNonNull(options, "options");
    this.seen = new SeenCache(settings.seenCacheSize());
    long capacity = ((long) settings.inboxCapacity() + PREFETCH) * PENDING_SHARES;
    this.pending = new PendingValidations((int) Math.min(Integer.MAX_VALUE, capacity),
        options.timer(), this::expired);
    this.relayQueue = new RelayQueue(settings.relayQueueCapacity());
    this.penalties = new PenaltyBox(settings.maxInvalidPerMinute(), this::now);
    this.relayWorker = options.relay().createWorker();
    subscriptions.add(relayWorker);
    Gauge.builder(GossipMeters.RELAY_QUEUE, relayQueue, RelayQueue::size).register(registry);
  }

  @Override
  public Mono<Void> start() {
    return Mono.fromRunnable(() -> {
      if (closed || !started.compareAndSet(false, true)) {
        return;
      }
      Peers followed = Peers.follow(peerEvents);
      peers = followed;
      subscriptions.add(followed::close);
      subscriptions.add(peerEvents
          .filter(PeerEvent.Disconnected.class::isInstance)
          .subscribe(e -> penalties.forget(e.peer()), e -> { }));
      if (closed) {
        followed.close();
      }
    });
  }

  @Override
  public Flux<GossipMessage> messages(String protocol, Priority priority) {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(priority, "priority");
    return Flux.defer(() -> {
      if (closed) {
        return Flux.<GossipMessage>empty();
      }
      Topic topic = topics.computeIfAbsent(protocol,
          p -> new Topic(p, priority, settings.inboxCapacity(), registry));
      topic.priority = priority;
      return topic.inbox.subscribe(OverflowPolicy.DROP_NEWEST);
    }).publishOn(options.validation(), PREFETCH);
  }

  @Override
  public Mono<Void> broadcast(String protocol, byte[] payload) {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(payload, "payload");
    return Mono.create(sink -> {
      if (closed) {
        sink.error(new ShutdownException("gossip is closed"));
        return;
      }
      Topic topic = topics.get(protocol);
      if (topic == null || !topic.inbox.hasSubscriber()) {
        sink.error(new BroadcastException(BroadcastException.Reason.NO_SUBSCRIBER,
            "no local subscriber validates gossip protocol '" + protocol + "'"));
        return;
      }
      byte[] copy = payload.clone();
      MessageId id = MessageId.of(copy, protocol);
      if (seen.seenOrInsert(id)) {
        topic.duplicate.increment();
        sink.error(new BroadcastException(BroadcastException.Reason.DUPLICATE,
            "message " + id + " on '" + protocol + "' was gossiped recently"));
        return;
      }
      topic.fresh.increment();
      deliver(topic, newInbound(id, protocol, copy, localKey, true, sink));
    });
  }

  @Override
  public void receive(PublicKey sender, String protocol, byte[] payload) {
    if (closed) {
      return;
    }
    Topic topic = topics.get(protocol);
    if (topic == null) {
      droppedOther("no_subscriber");
      return;
    }
    MessageId id = MessageId.of(payload, protocol);
    if (seen.seenOrInsert(id)) {
      topic.duplicate.increment();
      Inbound current = inProgress.get(id);
      if (current != null) {
        current.alsoFrom(sender);
      }
      return;
    }
    topic.fresh.increment();
    deliver(topic, newInbound(id, protocol, payload, sender, false, null));
  }

  @Override
  public Mono<Void> close() {
    return Mono.fromRunnable(() -> {
      if (closed) {
        return;
      }
      closed = true;
      subscriptions.dispose();
      topics.values().forEach(t -> t.inbox.close());
      inProgress.clear();
      for (Inbound m : pending.close()) {
        drop(m, "closed");
      }
      for (Inbound m : relayQueue.clear()) {
        relayDropped(m, "closed");
      }
    });
  }

  private Inbound newInbound(MessageId id, String protocol, byte[] payload, PublicKey sender,
      boolean local, @Nullable MonoSink<Void> sink) {
    long now = now();
    return new Inbound(this, id, protocol, payload, sender, local, now,
        now + settings.validationTimeout().toNanos(), sink);
  }

  private void deliver(Topic topic, Inbound message) {
    inProgress.put(message.id(), message);
    pending.add(message);
    ProtocolInbox.Offer offer = topic.inbox.offer(message, () -> { });
    switch (offer) {
      case DROPPED -> drop(message, "inbox_full");
      case NO_SUBSCRIBER -> drop(message, "no_subscriber");
      default -> { }
    }
  }

  /** A subscriber's decision; false when the message was decided or expired already. */
  boolean decide(Inbound message, int decision) {
    if (now() > message.deadlineNanos()) {
      drop(message, "validation_timeout");
      return false;
    }
    if (!message.transition(decision)) {
      return false;
    }
    PendingValidations.settled(message);
    if (decision != Inbound.ACCEPTED) {
      inProgress.remove(message.id(), message);
    }
    Topic topic = topics.get(message.protocol());
    if (topic == null) {
      inProgress.remove(message.id(), message);
      return true;
    }
    topic.validation.record(now() - message.arrivedNanos(), TimeUnit.NANOSECONDS);
    switch (decision) {
      case Inbound.ACCEPTED -> {
        topic.accepted.increment();
        relay(message, topic.priority);
      }
      case Inbound.REJECTED -> {
        topic.rejected.increment();
        if (message.isLocal()) {
          fail(message, BroadcastException.Reason.REJECTED, "the local subscriber rejected it");
        } else if (penalties.record(message.sender())) {
          registry.counter(GossipMeters.OFFENDERS).increment();
          log.info("[{}][gossip] {} sent more than {} invalid messages in a minute", localId,
              message.sender().shortId(), settings.maxInvalidPerMinute());
          offenders.accept(message.sender());
        }
      }
      default -> {
        topic.ignored.increment();
        fail(message, BroadcastException.Reason.IGNORED, "the local subscriber ignored it");
      }
    }
    return true;
  }

  private void expired(Inbound message, PendingValidations.Expiry expiry) {
    drop(message, expiry == PendingValidations.Expiry.TIMEOUT
        ? "validation_timeout" : "validation_overflow");
  }

  /** Drops a message still waiting for its decision. */
  private void drop(Inbound message, String reason) {
    if (!message.transition(Inbound.DROPPED)) {
      return;
    }
    PendingValidations.settled(message);
    inProgress.remove(message.id(), message);
    Topic topic = topics.get(message.protocol());
    if (topic != null) {
      topic.dropped(reason);
    }
    BroadcastException.Reason why = switch (reason) {
      case "validation_timeout" -> BroadcastException.Reason.VALIDATION_TIMEOUT;
      case "inbox_full", "validation_overflow" -> BroadcastException.Reason.QUEUE_FULL;
      case "no_subscriber" -> BroadcastException.Reason.NO_SUBSCRIBER;
      default -> null;
    };
    if (why == null) {
      MonoSink<Void> sink = message.broadcast();
      if (sink != null) {
        sink.error(new ShutdownException("gossip closed before the broadcast went out"));
      }
    } else {
      fail(message, why, "dropped: " + reason);
    }
  }

  private void fail(Inbound message, BroadcastException.Reason reason, String detail) {
    MonoSink<Void> sink = message.broadcast();
    if (sink != null) {
      sink.error(new BroadcastException(reason, "broadcast " + message.id() + " on '"
          + message.protocol() + "' did not go out: " + detail));
    }
  }

  private void relay(Inbound message, Priority priority) {
    if (closed) {
      relayDropped(message, "closed");
      return;
    }
    RelayQueue.Offer offer = relayQueue.offer(message, priority);
    Inbound dropped = offer.dropped();
    if (dropped != null) {
      relayDropped(dropped, "relay_queue_full");
    }
    if (offer.queued()) {
      scheduleDrain();
    }
  }

  private void relayDropped(Inbound message, String reason) {
    inProgress.remove(message.id(), message);
    Topic topic = topics.get(message.protocol());
    if (topic != null) {
      topic.dropped(reason);
    }
    MonoSink<Void> sink = message.broadcast();
    if (sink != null) {
      if ("closed".equals(reason)) {
        sink.error(new ShutdownException("gossip closed before the broadcast went out"));
      } else {
        sink.error(new BroadcastException(BroadcastException.Reason.QUEUE_FULL,
            "broadcast " + message.id() + " on '" + message.protocol()
                + "' did not go out: the relay queue is full"));
      }
    }
  }

  private void scheduleDrain() {
    if (drainWip.getAndIncrement() == 0) {
      try {
        relayWorker.schedule(this::drain);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        drainWip.set(0);
      }
    }
  }

  /** Starts relays while fewer than {@code relayConcurrency} are in flight; serial. */
  private void drain() {
    int missed = 1;
    do {
      while (!closed && relaying.get() < settings.relayConcurrency()) {
        Inbound next = relayQueue.poll();
        if (next == null) {
          break;
        }
        relaying.incrementAndGet();
        relayNow(next);
      }
      missed = drainWip.addAndGet(-missed);
    } while (missed != 0);
  }

  private void relayNow(Inbound message) {
    Topic topic = topics.get(message.protocol());
    List<PublicKey> targets = targets(message);
    GossipTransport.Outgoing outgoing = targets.isEmpty() ? null
        : transport.prepare(message.protocol(), message.payload());
    Flux.fromIterable(targets)
        .flatMap(peer -> outgoing.sendTo(peer)
            .doOnSuccess(v -> {
              if (topic != null) {
                topic.framesSent.increment();
              }
            })
            .onErrorResume(e -> {
              if (topic != null) {
                topic.framesFailed.increment();
              }
              if (log.isDebugEnabled()) {
                log.debug("[{}][gossip] relay of {} to {} failed: {}", localId, message.id(),
                    peer.shortId(), e.toString());
              }
              return Mono.empty();
            }), Math.max(1, targets.size()))
        .then()
        .subscribe(null, e -> relayed(message, topic, targets.size()),
            () -> relayed(message, topic, targets.size()));
  }

  private void relayed(Inbound message, @Nullable Topic topic, int targets) {
    inProgress.remove(message.id(), message);
    if (topic != null && targets > 0) {
      topic.relayed.increment();
    }
    MonoSink<Void> sink = message.broadcast();
    if (sink != null) {
      sink.success();
    }
    relaying.decrementAndGet();
    if (!relayQueueEmpty()) {
      scheduleDrain();
    }
  }

  private boolean relayQueueEmpty() {
    return relayQueue.size() == 0;
  }

  private List<PublicKey> targets(Inbound message) {
    Peers current = peers;
    if (current == null) {
      return List.of();
    }
    Map<PublicKey, ?> neighbours = current.directions();
    List<PublicKey> targets = new ArrayList<>(neighbours.size());
    for (PublicKey peer : neighbours.keySet()) {
      if (!message.cameFrom(peer)) {
        targets.add(peer);
      }
    }
    return targets;
  }

  private void droppedOther(String reason) {
    registry.counter(GossipMeters.MESSAGES, GossipMeters.TAG_PROTOCOL,
        GossipMeters.OTHER_PROTOCOL, GossipMeters.TAG_STATE, "dropped").increment();
    registry.counter(GossipMeters.DROPPED, GossipMeters.TAG_PROTOCOL,
        GossipMeters.OTHER_PROTOCOL, GossipMeters.TAG_REASON, reason).increment();
  }

  private long now() {
    return options.timer().now(TimeUnit.NANOSECONDS);
  }

  // for tests
  int pendingValidations() {
    return pending.size();
  }

  boolean validationTimerArmed() {
    return pending.armed();
  }

  int inProgress() {
    return inProgress.size();
  }

  int relayQueueSize() {
    return relayQueue.size();
  }

  int trackedOffenders() {
    return penalties.tracked();
  }
}
