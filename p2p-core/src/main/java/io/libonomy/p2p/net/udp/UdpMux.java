package io.libonomy.p2p.net.udp;

import io.libonomy.p2p.net.SourceRateLimiter;
import io.libonomy.p2p.api.FrameTooLargeException;
import io.libonomy.p2p.api.SendFailedException;
import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.config.OverflowPolicy;
import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.ProtocolInbox;
import io.libonomy.p2p.net.UdpPlaintext;
import io.libonomy.p2p.net.WireCodec;
import io.libonomy.p2p.server.Endpoint;
import io.libonomy.p2p.server.InboundEnvelope;
import io.libonomy.p2p.server.RequestChannel;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.udp.UdpServer;

/**
 * The UDP side of a node (ARCHITECTURE §5.5): one socket that carries encrypted, authenticated
 * REQUEST, RESPONSE and REQUEST_ERROR envelopes, fanned out by protocol name. It is the {@link
 * RequestChannel} the discovery protocol's message server runs over.
 *
 * <h2>Receiving</h2>
 *
 * Every datagram goes through the checks of §5.5 in this order, and one that fails any of them
 * is dropped without an answer and counted in {@code p2p.udp.dropped{reason}}: size (the whole
 * datagram at most {@code maxDatagramSize}) and the per-source rate limit ({@code
 * udpRatePerSource}; IPv4 address, IPv6 /64) before any crypto; then the version byte, the
 * length, the sender key (our own is refused; a low-order key is refused), the box, the
 * plaintext, its kind (3, 4 or 5), network, timestamp (within {@code maxClockDrift} of the
 * injected clock, inclusive), {@code (S_sender, n)} not seen before, and a REQUEST's reqId ≥ 1.
 * Datagrams of senders whose shared key is cached are processed on the event loop; the others
 * (one X25519 each) on {@link Schedulers#parallel()}, at most 256 at a time — beyond that they
 * are dropped ({@code busy}). Every table is bounded: rate-limit buckets (10,000 sources),
 * shared keys (10,000 peers), the replay cache (100,000 entries, oldest evicted first, best
 * effort) and each protocol's queue ({@code bufferSize}). Envelopes are delivered in no
 * guaranteed order: UDP has none, and a new sender's first datagrams are opened on workers.
 *
 * <h2>Threading</h2>
 *
 * Methods may be called from any thread and never block. Listeners are signalled on an event
 * loop or a parallel worker and must not block either (move slow work with {@code
 * publishOn}). Uses Reactor Netty's shared event loops; owns no thread.
 *
 * <h2>Meters</h2>
 *
 * {@code p2p.udp.datagrams{direction=in|out}} and {@code p2p.udp.bytes{direction=in|out}}
 * (whole datagrams), {@code p2p.udp.dropped{reason}}, {@code p2p.udp.delivered{protocol}} and
 * the gauge {@code p2p.udp.queue.length{protocol}} (protocols listened to locally only).
 */
public final class UdpMux implements RequestChannel {

  /** The socket receive buffer asked for: 1 MiB, about 800 full-size datagrams. */
  static final int RECEIVE_BUFFER_BYTES = 1 << 20;

  private static final Logger log = LoggerFactory.getLogger(UdpMux.class);

  private enum State { CREATED, BINDING, BOUND, SHUT_DOWN }

  private final P2PConfig config;
  private final KeyPair identity;
  private final Clock clock;
  private final NonceSource nonces;
  private final Scheduler cryptoScheduler;
  private final String context;
  private final UdpMetrics metrics;
  private final SourceRateLimiter rateLimiter;
  private final SharedKeys sharedKeys;
  private final ReplayCache replays;
  private final ConcurrentMap<String, ProtocolInbox<InboundEnvelope>> inboxes = new ConcurrentHashMap<>();
  private final DatagramReceiver receiver;
  private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
  private final Sinks.Empty<Void> closed = Sinks.empty();
  private volatile @Nullable Connection connection;
  private volatile int port;

  private UdpMux(P2PConfig config, KeyPair identity, Clock clock, MeterRegistry registry,
      NonceSource nonces, UdpLimits limits, Scheduler cryptoScheduler) {
    this.config = config;
    this.identity = identity;
    this.clock = clock;
    this.nonces = nonces;
    this.cryptoScheduler = cryptoScheduler;
    this.context = "[" + identity.publicKey().shortId() + "][udp]";
    this.metrics = new UdpMetrics(registry);
    this.rateLimiter = new SourceRateLimiter(config.udpRatePerSource(), clock, limits.sources());
    this.sharedKeys = new SharedKeys(identity.privateKey(), limits.sharedKeys());
    this.replays = new ReplayCache(limits.replayEntries());
    DatagramOpener opener = new DatagramOpener(identity.publicKey(), config.networkId(),
        config.maxClockDrift(), clock, sharedKeys, replays);
    this.receiver = new DatagramReceiver(context, config.maxDatagramSize(),
        limits.cryptoInFlight(), rateLimiter, sharedKeys, opener, inboxes, cryptoScheduler,
        metrics, this::send);
  }

  /**
   * A mux for {@code identity} configured by {@code config} ({@code bindAddress}, {@code
   * networkId}, {@code maxDatagramSize}, {@code maxClockDrift}, {@code udpRatePerSource},
   * {@code bufferSize}, {@code writeBufferHighWaterMark}). Nothing is bound yet. Seeds its
   * nonce generator here, on the caller's thread, which may read the OS entropy source once.
   *
   * @param clock the time datagrams are stamped with and checked against, and the rate
   *     limiter's time
   */
  public static UdpMux create(
      P2PConfig config, KeyPair identity, Clock clock, MeterRegistry registry) {
    return create(config, identity, clock, registry, NonceSource.secure());
  }

  static UdpMux create(P2PConfig config, KeyPair identity, Clock clock, MeterRegistry registry,
      NonceSource nonces) {
    return create(config, identity, clock, registry, nonces, UdpLimits.DEFAULTS,
        Schedulers.parallel());
  }

  static UdpMux create(P2PConfig config, KeyPair identity, Clock clock, MeterRegistry registry,
      NonceSource nonces, UdpLimits limits, Scheduler cryptoScheduler) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(nonces, "nonces");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(cryptoScheduler, "cryptoScheduler");
    return new UdpMux(config, identity, clock, registry, nonces, limits, cryptoScheduler);
  }

  /**
   * Binds the socket on {@code config.bindAddress()} and {@code port} (0 picks a free port)
   * and emits the bound address. Only once per mux: a second call fails with {@link
   * IllegalStateException}, a call after {@link #shutdown} with {@link ShutdownException}, a
   * port outside 0..65535 with {@link IllegalArgumentException}; a socket error (address in
   * use) is passed on as Reactor Netty reports it, and the mux may be bound again.
   */
  public Mono<InetSocketAddress> bind(int port) {
    return Mono.defer(() -> {
      if (port < 0 || port > 65_535) {
        return Mono.error(new IllegalArgumentException("port must be 0..65535: " + port));
      }
      if (!state.compareAndSet(State.CREATED, State.BINDING)) {
        return Mono.error(state.get() == State.SHUT_DOWN
            ? new ShutdownException("udp mux is shut down")
            : new IllegalStateException("udp mux is already bound"));
      }
      int high = config.writeBufferHighWaterMark();
      return UdpServer.create()
          .host(config.bindAddress())
          .port(port)
          .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(high / 2, high))
          // a burst of first contacts (a network bootstrapping from a few bootnodes) overflows
          // Linux's default 208 KiB and each lost datagram costs a 5 s request timeout; the
          // kernel caps the request at net.core.rmem_max
          .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER_BYTES)
          .handle((in, out) -> in.receiveObject().doOnNext(receiver::onInbound).then())
          .bind()
          .<Connection>map(c -> c)
          .onErrorResume(this::bindFailed)
          .flatMap(this::bound)
          .doOnCancel(this::bindCancelled);
    });
  }

  private void bindCancelled() {
    if (!state.compareAndSet(State.BINDING, State.CREATED)
        && state.get() == State.SHUT_DOWN && connection == null) {
      emitClosed();
    }
  }

  private Mono<Connection> bindFailed(Throwable error) {
    if (state.compareAndSet(State.BINDING, State.CREATED)) {
      return Mono.error(error);
    }
    emitClosed();
    return Mono.error(new ShutdownException("udp mux shut down while binding", error));
  }

  private Mono<InetSocketAddress> bound(Connection bound) {
    InetSocketAddress address = (InetSocketAddress) bound.channel().localAddress();
    connection = bound;
    port = address.getPort();
    bound.onDispose().subscribe(null, e -> socketClosed(), this::socketClosed);
    if (!state.compareAndSet(State.BINDING, State.BOUND)) {
      bound.dispose();
      return Mono.error(new ShutdownException("udp mux shut down while binding"));
    }
    if (log.isDebugEnabled()) {
      log.debug("{} bound to {}", context, address);
    }
    return Mono.just(address);
  }

  /** The port the socket is bound to; 0 before {@link #bind} completed. */
  public int port() {
    return port;
  }

  /**
   * Closes the socket and completes every listener. Idempotent: every call returns a {@code
   * Mono} that completes once the socket is closed (at once if it was never bound). Datagrams
   * still being processed are dropped; sends after this fail with {@link ShutdownException}.
   */
  public Mono<Void> shutdown() {
    return Mono.defer(() -> {
      State previous = state.getAndSet(State.SHUT_DOWN);
      if (previous != State.SHUT_DOWN) {
        inboxes.values().forEach(ProtocolInbox::close);
        Connection bound = connection;
        if (bound != null) {
          bound.dispose();
        } else if (previous == State.CREATED) {
          emitClosed();
        }
      }
      return closed.asMono();
    });
  }

  private void socketClosed() {
    state.set(State.SHUT_DOWN);
    inboxes.values().forEach(ProtocolInbox::close);
    emitClosed();
    if (log.isDebugEnabled()) {
      log.debug("{} socket closed", context);
    }
  }

  private void emitClosed() {
    Sinks.EmitResult result = closed.tryEmitEmpty();
    // terminated or concurrently emitted: the other emission completes the sink
    if (result.isFailure() && result != Sinks.EmitResult.FAIL_TERMINATED
        && result != Sinks.EmitResult.FAIL_NON_SERIALIZED) {
      log.warn("{} could not signal shutdown: {}", context, result);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Subscribing registers the listener; a second concurrent subscription to the same
   * protocol fails with {@link io.libonomy.p2p.api.ProtocolSubscriptionException}, and a new
   * one may start once the previous one cancelled. Envelopes queued when the listener cancels
   * are dropped ({@code no_listener}). {@link InboundEnvelope#from()} carries the sender's key
   * and the datagram's source address, where answers must go. Completes at {@link #shutdown}
   * (at once when subscribed after it).
   */
  @Override
  public Flux<InboundEnvelope> listen(String protocol) {
    Objects.requireNonNull(protocol, "protocol");
    return Flux.defer(() -> {
      ProtocolInbox<InboundEnvelope> inbox = inboxes.computeIfAbsent(protocol, this::newInbox);
      if (state.get() == State.SHUT_DOWN) {
        inbox.close();
      }
      return inbox.subscribe(OverflowPolicy.DROP_NEWEST);
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Seals {@code p = ["udp", networkId, now, kind, protocol, msgType, reqId, payload]} for
   * {@code to.key()} with a fresh random nonce and writes it to {@code to.address()}; the first
   * send to a peer whose shared key is not cached computes it on {@link Schedulers#parallel()}.
   * Completes when the datagram is handed to the socket. Errors: {@link
   * IllegalArgumentException} if {@code to} has no address or is this node, or the envelope is
   * not a REQUEST, RESPONSE or REQUEST_ERROR; {@link FrameTooLargeException} if the datagram
   * would exceed {@code maxDatagramSize} (nothing is sent); {@link
   * io.libonomy.p2p.api.LowOrderKeyException} if {@code to.key()} is a low-order point; {@link
   * IllegalStateException} before {@link #bind}; {@link ShutdownException} after {@link
   * #shutdown}; {@link SendFailedException} if the socket refuses the datagram or its send
   * buffer is full.
   */
  @Override
  public Mono<Void> send(Endpoint to, Envelope envelope) {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(envelope, "envelope");
    return Mono.defer(() -> {
      InetSocketAddress address = to.address();
      if (address == null || address.isUnresolved()) {
        return Mono.error(new IllegalArgumentException(
            "a UDP endpoint needs a resolved socket address: " + to));
      }
      if (!DatagramOpener.carriedOverUdp(envelope.kind())) {
        return Mono.error(new IllegalArgumentException(
            "UDP carries REQUEST, RESPONSE and REQUEST_ERROR only, not " + envelope.kind()));
      }
      if (to.key().equals(identity.publicKey())) {
        return Mono.error(new IllegalArgumentException("cannot send to this node's own key"));
      }
      Channel channel = boundChannel();
      if (channel == null) {
        return Mono.error(state.get() == State.SHUT_DOWN
            ? new ShutdownException("udp mux is shut down")
            : new IllegalStateException("udp mux is not bound"));
      }
      byte[] plaintext =
          WireCodec.encode(UdpPlaintext.of(config.networkId(), clock.millis(), envelope));
      int length = DatagramFormat.length(plaintext.length);
      if (length > config.maxDatagramSize()) {
        return Mono.error(new FrameTooLargeException("datagram of " + length
            + " bytes exceeds maxDatagramSize " + config.maxDatagramSize()));
      }
      byte[] key = sharedKeys.cached(to.key());
      if (key != null) {
        return write(channel, seal(key, plaintext), address);
      }
      return Mono.fromCallable(() -> sharedKeyFor(to.key()))
          .subscribeOn(cryptoScheduler)
          .flatMap(computed -> write(channel, seal(computed, plaintext), address));
    });
  }

  private @Nullable Channel boundChannel() {
    Connection bound = connection;
    return state.get() == State.BOUND && bound != null ? bound.channel() : null;
  }

  private byte[] sharedKeyFor(PublicKey peer) {
    byte[] key = sharedKeys.compute(peer);
    sharedKeys.put(peer, key);
    return key;
  }

  private byte[] seal(byte[] key, byte[] plaintext) {
    return DatagramFormat.seal(identity.publicKey(), nonces.next(), key, plaintext);
  }

  private Mono<Void> write(Channel channel, byte[] datagram, InetSocketAddress to) {
    return Mono.create(sink -> {
      if (!channel.isActive()) {
        sink.error(new ShutdownException("udp mux is shut down"));
        return;
      }
      if (!channel.isWritable()) {
        sink.error(new SendFailedException("socket send buffer is full; datagram to " + to
            + " not sent"));
        return;
      }
      channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(datagram), to))
          .addListener(f -> {
            if (f.isSuccess()) {
              metrics.sent(datagram.length);
              sink.success();
            } else if (!channel.isActive()) {
              sink.error(new ShutdownException("udp mux is shut down", f.cause()));
            } else {
              sink.error(new SendFailedException(
                  "datagram to " + to + " failed: " + f.cause().getMessage(), f.cause()));
            }
          });
    });
  }

  /** Rate-limit buckets kept right now. */
  int trackedSources() {
    return rateLimiter.size();
  }

  /** Shared keys cached right now. */
  int cachedSharedKeys() {
    return sharedKeys.size();
  }

  /** Replay-cache entries kept right now. */
  int replayEntries() {
    return replays.size();
  }

  /** Datagrams queued or running on the crypto scheduler right now. */
  int cryptoInFlight() {
    return receiver.cryptoInFlight();
  }

  /** UDP has no flow control to push back with: a full inbox drops the newest, counted. */
  private ProtocolInbox<InboundEnvelope> newInbox(String protocol) {
    ProtocolInbox<InboundEnvelope> inbox = new ProtocolInbox<>(protocol, config.bufferSize(),
        metrics.delivered(protocol), reason -> metrics.dropped(
            "overflow".equals(reason) ? DropReason.OVERFLOW : DropReason.NO_LISTENER));
    metrics.queueLength(protocol, inbox::size);
    return inbox;
  }

  /** Envelopes waiting for {@code protocol}'s listener right now. */
  int queued(String protocol) {
    ProtocolInbox<InboundEnvelope> inbox = inboxes.get(protocol);
    return inbox == null ? 0 : inbox.size();
  }
}
