package io.libonomy.p2p.net.tcp;

import io.libonomy.p2p.api.ConnectionClosedException;
import io.libonomy.p2p.api.Direction;
import io.libonomy.p2p.api.P2PException;
import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.version.ClientVersion;
import io.libonomy.p2p.version.LibraryVersion;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;
import reactor.util.context.Context;

/**
 * The TCP side of a node: a listener that accepts secure sessions and a dialer that opens
 * them (ARCHITECTURE §5.1–§5.3). It knows nothing of peers or protocols; the connection pool
 * decides which connections to keep.
 *
 * <p>All transports in a JVM share Reactor Netty's default event loops; handshake crypto runs
 * on {@link Schedulers#parallel()}.
 */
public final class TcpTransport {

  private static final Logger log = LoggerFactory.getLogger(TcpTransport.class);
  /**
   * Reactor's context key for a subscription-local onErrorDropped hook (what
   * {@code Operators.onErrorDropped} looks up before the global hook).
   */
  private static final String ON_ERROR_DROPPED = "reactor.onErrorDropped.local";

  private final P2PConfig config;
  private final KeyPair identity;
  private final TransportSettings settings;
  private final ClientVersion minClientVersion;
  private final String clientVersion;
  private final ChannelGroup channels =
      new DefaultChannelGroup("p2p-tcp", ImmediateEventExecutor.INSTANCE);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AdmissionControl admission;
  private volatile @Nullable DisposableServer server;
  private volatile int listenPort;

  private TcpTransport(P2PConfig config, KeyPair identity, TransportSettings settings) {
    this.config = config;
    this.identity = identity;
    this.settings = settings;
    this.minClientVersion = ClientVersion.parse(config.minClientVersion());
    this.clientVersion = LibraryVersion.clientVersion();
    this.admission = new AdmissionControl(config.maxPendingHandshakes(),
        config.maxConnectionsPerIp(), config.handshakeRatePerSource(), settings.clock());
  }

  /** A transport for {@code identity} configured by {@code config}. Nothing is bound yet. */
  public static TcpTransport create(
      P2PConfig config, KeyPair identity, Clock clock, MeterRegistry registry) {
    return create(config, identity, clock, registry, HandshakeEntropy.secure(),
        Schedulers.parallel());
  }

  static TcpTransport create(P2PConfig config, KeyPair identity, Clock clock,
      MeterRegistry registry, HandshakeEntropy entropy, Scheduler cryptoScheduler) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(registry, "registry");
    TransportSettings settings = new TransportSettings(clock, entropy, cryptoScheduler,
        config.sessionTimeout(), config.maxFrameSize(), config.sendTimeout(),
        config.bufferSize(), new TransportMetrics(registry));
    return new TcpTransport(config, identity, settings);
  }

  /**
   * Binds the listener on the configured address and port and hands every inbound connection
   * to {@code onInbound} once its session is established (on the connection's event loop, so
   * the callback must not block). Emits the bound address.
   */
  public Mono<InetSocketAddress> bind(Consumer<SecureConnection> onInbound) {
    Objects.requireNonNull(onInbound, "onInbound");
    return Mono.defer(() -> {
      if (closed.get()) {
        return Mono.error(new ShutdownException("transport is shut down"));
      }
      return TcpServer.create()
          .host(config.bindAddress())
          .port(config.tcpPort())
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childOption(ChannelOption.SO_KEEPALIVE, true)
          .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
          .doOnChannelInit((observer, channel, remote) -> install(channel,
              SessionHandler.responder(admission, params(), settings, decoder())))
          .handle((in, out) -> {
            Connection[] holder = new Connection[1];
            in.withConnection(c -> holder[0] = c);
            return accepted(holder[0], onInbound);
          })
          .bind()
          .map(bound -> {
            server = bound;
            listenPort = ((InetSocketAddress) bound.address()).getPort();
            return (InetSocketAddress) bound.address();
          });
    });
  }

  private Mono<Void> accepted(Connection connection, Consumer<SecureConnection> onInbound) {
    SessionHandler handler = connection.channel().pipeline().get(SessionHandler.class);
    return handler.established()
        .flatMap(session -> {
          NettySecureConnection secure = new NettySecureConnection(connection, handler, session,
              identity.publicKey(), Direction.INBOUND, settings);
          onInbound.accept(secure);
          return secure.onClose();
        })
        .onErrorResume(e -> Mono.empty());
  }

  /**
   * Dials {@code address} expecting the static key {@code expected}, and emits the connection
   * once the session is established. Errors: {@link io.libonomy.p2p.api.HandshakeException}
   * when the peer fails a check (or is not {@code expected}), {@link ConnectionClosedException}
   * when the TCP connection cannot be made or closes during the handshake.
   */
  public Mono<SecureConnection> dial(InetSocketAddress address, PublicKey expected) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(expected, "expected");
    return Mono.defer(() -> {
      if (closed.get()) {
        return Mono.error(new ShutdownException("transport is shut down"));
      }
      return TcpClient.newConnection()
          .remoteAddress(() -> address)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
              (int) Math.min(Integer.MAX_VALUE, config.dialTimeout().toMillis()))
          .option(ChannelOption.TCP_NODELAY, true)
          .option(ChannelOption.SO_KEEPALIVE, true)
          .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
          .doOnChannelInit((observer, channel, remote) -> install(channel,
              SessionHandler.initiator(expected, params(), settings, decoder())))
          .connect()
          .onErrorMap(e -> !(e instanceof P2PException), e -> new ConnectionClosedException(
              "dial " + address + " failed: " + e.getMessage(), e))
          .flatMap(connection -> {
            SessionHandler handler = connection.channel().pipeline().get(SessionHandler.class);
            return handler.established()
                .<SecureConnection>map(session -> new NettySecureConnection(connection, handler,
                    session, identity.publicKey(), Direction.OUTBOUND, settings))
                .doOnCancel(connection::dispose);
          })
          // a dial cancelled (shutdown, a dial timeout) may still fail afterwards inside
          // Reactor Netty: that late error is expected, not worth Reactor's ERROR log
          .contextWrite(Context.of(ON_ERROR_DROPPED,
              (Consumer<Throwable>) e -> log.debug("dial {} failed after it was cancelled: {}",
                  address, e.toString())));
    });
  }

  /** The port the listener is bound to (0 before {@link #bind}). */
  public int listenPort() {
    return listenPort;
  }

  /** Connections of either direction still in the handshake (accepted side only). */
  public int pendingHandshakes() {
    return admission.pendingHandshakes();
  }

  /** Closes the listener and every connection it or the dialer opened. Idempotent. */
  public Mono<Void> shutdown() {
    return Mono.defer(() -> {
      closed.set(true);
      DisposableServer bound = server;
      Mono<Void> closeServer = bound == null ? Mono.empty() : Mono.fromRunnable(bound::dispose)
          .then(bound.onDispose());
      Mono<Void> closeChannels = Mono.create(sink -> channels.close().addListener(f -> {
        if (!f.isSuccess() && log.isDebugEnabled()) {
          log.debug("[{}][tcp] some channels failed to close", identity.publicKey().shortId(),
              f.cause());
        }
        sink.success();
      }));
      return Mono.whenDelayError(closeServer, closeChannels);
    });
  }

  private HandshakeParams params() {
    return new HandshakeParams(identity, config.networkId(), clientVersion,
        listenPort, minClientVersion, config.maxClockDrift());
  }

  private FrameDecoder decoder() {
    return new FrameDecoder(config.maxFrameSize());
  }

  private WriteBufferWaterMark waterMark() {
    int high = config.writeBufferHighWaterMark();
    return new WriteBufferWaterMark(high / 2, high);
  }

  private void install(Channel channel, SessionHandler handler) {
    if (closed.get()) {
      channel.close();
      return;
    }
    channels.add(channel);
    FrameDecoder decoder = handler.decoder();
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addFirst("p2p.session", handler);
    pipeline.addFirst("p2p.framePrepender", new LengthFieldPrepender(FrameDecoder.LENGTH_FIELD));
    pipeline.addFirst("p2p.frameDecoder", decoder);
    pipeline.addFirst("p2p.flush", new FlushConsolidationHandler(256, true));
  }
}
