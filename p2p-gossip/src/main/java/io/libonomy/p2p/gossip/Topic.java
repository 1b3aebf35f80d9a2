package io.libonomy.p2p.gossip;

import static io.libonomy.p2p.gossip.GossipMeters.TAG_PROTOCOL;
import static io.libonomy.p2p.gossip.GossipMeters.TAG_REASON;
import static io.libonomy.p2p.gossip.GossipMeters.TAG_RESULT;
import static io.libonomy.p2p.gossip.GossipMeters.TAG_STATE;

import io.libonomy.p2p.metrics.MeterNames;
import io.libonomy.p2p.net.ProtocolInbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One gossip protocol this node subscribes to: its inbox, priority and meters. */
final class Topic {

  final String protocol;
  final ProtocolInbox<GossipMessage> inbox;
  volatile Priority priority;
  final Counter fresh;
  final Counter duplicate;
  final Counter accepted;
  final Counter rejected;
  final Counter ignored;
  final Counter relayed;
  final Counter framesSent;
  final Counter framesFailed;
  final Timer validation;
  private final MeterRegistry registry;
  private final Map<String, Counter> drops = new ConcurrentHashMap<>();
  private final Counter droppedState;

  Topic(String protocol, Priority priority, int capacity, MeterRegistry registry) {
    this.protocol = protocol;
    this.priority = priority;
    this.registry = registry;
    this.inbox = new ProtocolInbox<>(protocol, capacity,
        registry.counter(MeterNames.MESSAGES_DELIVERED, MeterNames.TAG_PROTOCOL, protocol,
            MeterNames.TAG_KIND, "gossip"),
        reason -> { }); // messages dropped by the inbox are counted by their fate
    Gauge.builder(MeterNames.QUEUE_LENGTH, inbox, ProtocolInbox::size)
        .tag(MeterNames.TAG_PROTOCOL, protocol)
        .tag(MeterNames.TAG_KIND, "gossip")
        .register(registry);
    this.fresh = state("new");
    this.duplicate = state("duplicate");
    this.accepted = state("accepted");
    this.rejected = state("rejected");
    this.ignored = state("ignored");
    this.relayed = state("relayed");
    this.droppedState = state("dropped");
    this.framesSent = registry.counter(GossipMeters.FRAMES, TAG_PROTOCOL, protocol,
        TAG_RESULT, "sent");
    this.framesFailed = registry.counter(GossipMeters.FRAMES, TAG_PROTOCOL, protocol,
        TAG_RESULT, "failed");
    this.validation = Timer.builder(GossipMeters.VALIDATION_LATENCY)
        .tag(TAG_PROTOCOL, protocol)
        .register(registry);
  }

  void dropped(String reason) {
    droppedState.increment();
    drops.computeIfAbsent(reason, r -> registry.counter(GossipMeters.DROPPED,
        TAG_PROTOCOL, protocol, TAG_REASON, r)).increment();
  }

  private Counter state(String state) {
    return registry.counter(GossipMeters.MESSAGES, TAG_PROTOCOL, protocol, TAG_STATE, state);
  }
}
