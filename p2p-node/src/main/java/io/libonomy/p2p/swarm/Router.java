package io.libonomy.p2p.swarm;

import io.libonomy.p2p.api.DirectMessage;
import io.libonomy.p2p.config.OverflowPolicy;
import io.libonomy.p2p.gossip.Gossip;
import io.libonomy.p2p.metrics.MeterNames;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.ProtocolInbox;
import io.libonomy.p2p.net.tcp.SecureConnection;
import io.libonomy.p2p.server.InboundEnvelope;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * Fans every connection's inbound envelopes out to per-protocol inboxes: DIRECT messages to
 * the {@code direct} subscribers, GOSSIP to the gossip engine, REQUEST/RESPONSE/REQUEST_ERROR to the request listener of
 * the protocol (a {@link io.libonomy.p2p.server.MessageServer}). Without a listener a REQUEST
 * is answered with REQUEST_ERROR "no handler" and a RESPONSE or REQUEST_ERROR is dropped and
 * counted.
 */
final class Router {

  private static final Logger log = LoggerFactory.getLogger(Router.class);
  static final String NO_HANDLER = "no handler";
  static final String OTHER_PROTOCOL = "_other";

  private final String localId;
  private final int bufferSize;
  private final MeterRegistry registry;
  private final Gossip gossip;
  private final Map<String, ProtocolInbox<DirectMessage>> inboxes = new ConcurrentHashMap<>();
  private final Map<String, ProtocolInbox<InboundEnvelope>> requestInboxes =
      new ConcurrentHashMap<>();
  private volatile boolean closed;

  Router(String localId, int bufferSize, MeterRegistry registry, Gossip gossip) {
    this.localId = localId;
    this.bufferSize = bufferSize;
    this.registry = registry;
    this.gossip = gossip;
  }

  /** A GOSSIP envelope: to the gossip engine, which never parks the connection. */
  void gossip(SecureConnection connection, Envelope envelope) {
    gossip.receive(connection.remoteKey(), envelope.protocol(), envelope.payload());
  }

  Flux<DirectMessage> direct(String protocol, OverflowPolicy policy) {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(policy, "policy");
    return Flux.defer(() -> {
      if (closed) {
        return Flux.empty();
      }
      return inboxes.computeIfAbsent(protocol, p -> this.<DirectMessage>newInbox(p, "direct"))
          .subscribe(policy);
    });
  }

  /**
   * REQUEST, RESPONSE and REQUEST_ERROR envelopes of {@code protocol} (the TCP side of
   * {@link io.libonomy.p2p.server.RequestChannel#listen}). Never parks a connection: a full
   * queue drops the newest envelope and counts it, and the requester times out.
   */
  Flux<InboundEnvelope> listen(String protocol) {
    Objects.requireNonNull(protocol, "protocol");
    return Flux.defer(() -> {
      if (closed) {
        return Flux.empty();
      }
      return requestInboxes.computeIfAbsent(protocol,
              p -> this.<InboundEnvelope>newInbox(p, "request"))
          .subscribe(OverflowPolicy.DROP_NEWEST);
    });
  }

  /** An inbox whose meters carry the protocol and the kind (direct | request). */
  private <T> ProtocolInbox<T> newInbox(String protocol, String kind) {
    ProtocolInbox<T> inbox = new ProtocolInbox<>(protocol, bufferSize,
        registry.counter(MeterNames.MESSAGES_DELIVERED, MeterNames.TAG_PROTOCOL, protocol,
            MeterNames.TAG_KIND, kind),
        reason -> registry.counter(MeterNames.FRAMES_DROPPED, MeterNames.TAG_REASON, reason,
            MeterNames.TAG_PROTOCOL, protocol).increment());
    Gauge.builder(MeterNames.QUEUE_LENGTH, inbox, ProtocolInbox::size)
        .tag(MeterNames.TAG_PROTOCOL, protocol)
        .tag(MeterNames.TAG_KIND, kind)
        .register(registry);
    return inbox;
  }

  /** Starts reading {@code connection}; reading stops when it closes. */
  void attach(SecureConnection connection) {
    connection.inbound().subscribe(new ConnectionReader(connection, this));
  }

  @Nullable ProtocolInbox<DirectMessage> inbox(String protocol) {
    return inboxes.get(protocol);
  }

  @Nullable ProtocolInbox<InboundEnvelope> requestInbox(String protocol) {
    return requestInboxes.get(protocol);
  }

  void answerNoHandler(SecureConnection connection, Envelope request) {
    connection.send(Envelope.requestError(request.protocol(), request.msgType(),
            request.reqId(), NO_HANDLER))
        .subscribe(null, e -> {
          if (log.isDebugEnabled()) {
            log.debug("[{}][router] could not answer {}: {}", localId, connection, e.toString());
          }
        });
  }

  void violation(SecureConnection connection, String reason) {
    registry.counter(MeterNames.PROTOCOL_VIOLATIONS, MeterNames.TAG_REASON, reason).increment();
    if (log.isDebugEnabled()) {
      log.debug("[{}][router] closing {}: {}", localId, connection, reason);
    }
    connection.close();
  }

  /**
   * Counts a dropped message. Protocol names come from peers, so only names this node
   * subscribed to become tag values; the rest share {@value #OTHER_PROTOCOL} (bounded
   * cardinality).
   */
  void dropped(String reason, String protocol) {
    String tag = inboxes.containsKey(protocol) || requestInboxes.containsKey(protocol)
        ? protocol : OTHER_PROTOCOL;
    registry.counter(MeterNames.FRAMES_DROPPED, MeterNames.TAG_REASON, reason,
        MeterNames.TAG_PROTOCOL, tag).increment();
  }

  String localId() {
    return localId;
  }

  /** Completes every protocol stream (shutdown). */
  void close() {
    closed = true;
    inboxes.values().forEach(ProtocolInbox::close);
    requestInboxes.values().forEach(ProtocolInbox::close);
  }
}
