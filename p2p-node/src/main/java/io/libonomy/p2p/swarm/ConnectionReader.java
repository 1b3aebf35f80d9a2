package io.libonomy.p2p.swarm;

import io.libonomy.p2p.api.DirectMessage;
import io.libonomy.p2p.api.MessageMetadata;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.EnvelopeKind;
import io.libonomy.p2p.net.ProtocolInbox;
import io.libonomy.p2p.net.tcp.SecureConnection;
import io.libonomy.p2p.server.Endpoint;
import io.libonomy.p2p.server.InboundEnvelope;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * Reads one connection's envelopes one at a time and routes them. It requests the next
 * envelope only after the current one was queued or dropped, so a full protocol queue under
 * the backpressure policy leaves the connection without demand: Reactor Netty then stops
 * reading the socket and TCP flow control slows the peer.
 */
final class ConnectionReader extends BaseSubscriber<Envelope> {

  private static final Logger log = LoggerFactory.getLogger(ConnectionReader.class);

  private final SecureConnection connection;
  private final Router router;
  private final MessageMetadata metadata;
  private final AtomicInteger wip = new AtomicInteger();
  private final Endpoint endpoint;
  private volatile @Nullable Object held;
  private volatile @Nullable ProtocolInbox<?> heldInbox;

  ConnectionReader(SecureConnection connection, Router router) {
    this.connection = connection;
    this.router = router;
    this.metadata = new MessageMetadata(connection.remoteAddress());
    this.endpoint = Endpoint.of(connection.remoteKey(), connection.remoteAddress());
  }

  @Override
  protected void hookOnSubscribe(Subscription subscription) {
    request(1);
  }

  @Override
  protected void hookOnNext(Envelope envelope) {
    switch (envelope.kind()) {
      case DIRECT -> {
        ProtocolInbox<DirectMessage> inbox = router.inbox(envelope.protocol());
        if (inbox == null) {
          router.dropped("no_subscriber", envelope.protocol());
          request(1);
          return;
        }
        hold(inbox, new DirectMessage(connection.remoteKey(), envelope.protocol(),
            envelope.payload(), metadata));
      }
      case REQUEST, RESPONSE, REQUEST_ERROR -> requestEnvelope(envelope);
      case GOSSIP -> {
        router.gossip(connection, envelope);
        request(1);
      }
      default -> router.violation(connection, "unexpected_kind");
    }
  }

  private void requestEnvelope(Envelope envelope) {
    if (envelope.kind() == EnvelopeKind.REQUEST && envelope.reqId() == 0) {
      router.violation(connection, "request_id_zero");
      return;
    }
    ProtocolInbox<InboundEnvelope> inbox = router.requestInbox(envelope.protocol());
    if (inbox == null) {
      if (envelope.kind() == EnvelopeKind.REQUEST) {
        router.answerNoHandler(connection, envelope);
      } else {
        router.dropped("unsolicited_response", envelope.protocol());
      }
      request(1);
      return;
    }
    hold(inbox, new InboundEnvelope(endpoint, envelope));
  }

  private <T> void hold(ProtocolInbox<T> inbox, T message) {
    heldInbox = inbox;
    held = message;
    deliverHeld();
  }

  /** Offers the held message; re-entrant from the inbox's wake-up callback. */
  private void deliverHeld() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      Object message = held;
      ProtocolInbox<?> inbox = heldInbox;
      if (message != null && inbox != null) {
        ProtocolInbox.Offer offer = offer(inbox, message);
        if (offer != ProtocolInbox.Offer.PAUSED) {
          held = null;
          heldInbox = null;
          if (offer == ProtocolInbox.Offer.NO_SUBSCRIBER) {
            unsubscribed(message);
          }
          request(1);
        }
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  /** The protocol's inbox exists but nobody subscribes right now: as if it did not exist. */
  private void unsubscribed(Object message) {
    if (message instanceof DirectMessage direct) {
      router.dropped("no_subscriber", direct.protocol());
    } else if (message instanceof InboundEnvelope inbound) {
      if (inbound.envelope().kind() == EnvelopeKind.REQUEST) {
        router.answerNoHandler(connection, inbound.envelope());
      } else {
        router.dropped("unsolicited_response", inbound.envelope().protocol());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private <T> ProtocolInbox.Offer offer(ProtocolInbox<T> inbox, Object message) {
    return inbox.offer((T) message, this::deliverHeld);
  }

  @Override
  protected void hookOnError(Throwable throwable) {
    if (log.isDebugEnabled()) {
      log.debug("[{}][router] inbound of {} ended: {}", router.localId(), connection,
          throwable.toString());
    }
  }
}
