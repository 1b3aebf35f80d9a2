package io.libonomy.p2p.net.udp;

import io.libonomy.p2p.net.SourceRateLimiter;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.ProtocolInbox;
import io.libonomy.p2p.net.EnvelopeKind;
import io.libonomy.p2p.net.udp.DatagramOpener.Accepted;
import io.libonomy.p2p.net.udp.DatagramOpener.Rejected;
import io.libonomy.p2p.server.Endpoint;
import io.libonomy.p2p.server.InboundEnvelope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The receive path of the mux (§5.5). On the event loop: size, per-source rate limit, then the
 * checks that need no crypto; a sender whose shared key is cached is then opened right there,
 * any other goes to the crypto scheduler (one X25519 each), at most {@code maxCryptoInFlight}
 * at a time. Accepted envelopes go to their protocol's inbox; a REQUEST nobody listens to is
 * answered "no handler". Every other outcome is a drop, counted by reason and logged at debug.
 */
final class DatagramReceiver {

  private static final Logger log = LoggerFactory.getLogger(DatagramReceiver.class);
  private static final String NO_HANDLER = "no handler";
  private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final String context;
  private final int maxDatagramSize;
  private final int maxCryptoInFlight;
  private final SourceRateLimiter rateLimiter;
  private final SharedKeys sharedKeys;
  private final DatagramOpener opener;
  private static final Runnable NO_WAKE_UP = () -> { };

  private final Map<String, ProtocolInbox<InboundEnvelope>> inboxes;
  private final Scheduler cryptoScheduler;
  private final UdpMetrics metrics;
  private final BiFunction<Endpoint, Envelope, Mono<Void>> replies;
  private final AtomicInteger cryptoInFlight = new AtomicInteger();
  private final AtomicLong lastInternalWarning = new AtomicLong();

  /**
   * @param inboxes the protocols listened to, read (never written) here
   * @param replies sends an answer; used for "no handler"
   */
  DatagramReceiver(String context, int maxDatagramSize, int maxCryptoInFlight,
      SourceRateLimiter rateLimiter, SharedKeys sharedKeys, DatagramOpener opener,
      Map<String, ProtocolInbox<InboundEnvelope>> inboxes, Scheduler cryptoScheduler, UdpMetrics metrics,
      BiFunction<Endpoint, Envelope, Mono<Void>> replies) {
    this.context = context;
    this.maxDatagramSize = maxDatagramSize;
    this.maxCryptoInFlight = maxCryptoInFlight;
    this.rateLimiter = rateLimiter;
    this.sharedKeys = sharedKeys;
    this.opener = opener;
    this.inboxes = inboxes;
    this.cryptoScheduler = cryptoScheduler;
    this.metrics = metrics;
    this.replies = replies;
  }

  /** Datagrams queued or running on the crypto scheduler right now. */
  int cryptoInFlight() {
    return cryptoInFlight.get();
  }

  /**
   * Handles one inbound object, on the event loop. Never throws; the packet is released by
   * Reactor Netty when this returns, so nothing here keeps a reference to its buffer.
   */
  void onInbound(Object message) {
    if (!(message instanceof DatagramPacket packet)) {
      return;
    }
    InetSocketAddress source = packet.sender();
    try {
      receive(packet.content(), source);
    } catch (RuntimeException e) {
      failed(e, source);
    }
  }

  /** The cheap checks on the event loop, then the crypto here or on a worker. */
  private void receive(ByteBuf content, InetSocketAddress source) {
    int length = content.readableBytes();
    metrics.received(length);
    if (length > maxDatagramSize) {
      drop(DropReason.OVERSIZE, source);
      return;
    }
    if (!rateLimiter.tryAcquire(source.getAddress())) {
      drop(DropReason.RATE_LIMIT, source);
      return;
    }
    byte[] datagram = ByteBufUtil.getBytes(content);
    DropReason early = opener.precheck(datagram);
    if (early != null) {
      drop(early, source);
      return;
    }
    PublicKey sender = DatagramOpener.sender(datagram);
    byte[] key = sharedKeys.cached(sender);
    if (key != null) {
      process(datagram, sender, key, source);
    } else {
      offload(datagram, sender, source);
    }
  }

  private void offload(byte[] datagram, PublicKey sender, InetSocketAddress source) {
    if (cryptoInFlight.incrementAndGet() > maxCryptoInFlight) {
      cryptoInFlight.decrementAndGet();
      drop(DropReason.BUSY, source);
      return;
    }
    try {
      cryptoScheduler.schedule(() -> {
        try {
          process(datagram, sender, null, source);
        } catch (RuntimeException e) {
          failed(e, source);
        } finally {
          cryptoInFlight.decrementAndGet();
        }
      });
    } catch (RejectedExecutionException e) {
      cryptoInFlight.decrementAndGet();
      drop(DropReason.BUSY, source);
    }
  }

  private void process(byte[] datagram, PublicKey sender, byte @Nullable [] key,
      InetSocketAddress source) {
    DatagramOpener.Result result = opener.open(datagram, sender, key);
    if (result instanceof Rejected rejected) {
      drop(rejected.reason(), source);
    } else if (result instanceof Accepted accepted) {
      deliver(accepted, source);
    }
  }

  private void deliver(Accepted accepted, InetSocketAddress source) {
    Envelope envelope = accepted.plaintext().envelope();
    InboundEnvelope inbound =
        new InboundEnvelope(Endpoint.of(accepted.sender(), source), envelope);
    ProtocolInbox<InboundEnvelope> inbox = inboxes.get(envelope.protocol());
    // drop-newest inboxes never pause; an overflow is counted by the inbox itself
    ProtocolInbox.Offer offer = inbox == null
        ? ProtocolInbox.Offer.NO_SUBSCRIBER : inbox.offer(inbound, NO_WAKE_UP);
    switch (offer) {
      case ACCEPTED, DROPPED, PAUSED -> { }
      case NO_SUBSCRIBER -> {
        drop(DropReason.NO_LISTENER, source);
        if (envelope.kind() == EnvelopeKind.REQUEST) {
          answerNoHandler(inbound);
        }
      }
    }
  }

  private void answerNoHandler(InboundEnvelope request) {
    Envelope in = request.envelope();
    replies.apply(request.from(),
            Envelope.requestError(in.protocol(), in.msgType(), in.reqId(), NO_HANDLER))
        .subscribe(null, e -> {
          if (log.isDebugEnabled()) {
            log.debug("{} could not answer {} with '{}': {}", context, request.from(),
                NO_HANDLER, e.toString());
          }
        });
  }

  private void drop(DropReason reason, InetSocketAddress source) {
    metrics.dropped(reason);
    if (log.isDebugEnabled()) {
      log.debug("{} dropped a datagram from {}: {}", context, source, reason.tag());
    }
  }

  /** A bug, not a network fault: warned with its stack trace, at most once a minute. */
  private void failed(RuntimeException e, InetSocketAddress source) {
    metrics.dropped(DropReason.INTERNAL);
    long now = System.nanoTime();
    long last = lastInternalWarning.get();
    if ((now - last > WARN_INTERVAL_NANOS || last == 0)
        && lastInternalWarning.compareAndSet(last, now)) {
      log.warn("{} unexpected failure on a datagram from {}", context, source, e);
    } else if (log.isDebugEnabled()) {
      log.debug("{} unexpected failure on a datagram from {}: {}", context, source, e.toString());
    }
  }
}
