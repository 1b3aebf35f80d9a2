package io.libonomy.p2p.swarm;

import io.libonomy.p2p.api.DirectMessage;
import io.libonomy.p2p.api.Direction;
import io.libonomy.p2p.api.InvalidConfigException;
import io.libonomy.p2p.api.NotConnectedException;
import io.libonomy.p2p.api.PeerBannedException;
import io.libonomy.p2p.api.PeerEvent;
import io.libonomy.p2p.api.PortUnavailableException;
import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.config.OverflowPolicy;
import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.discovery.AddressBook;
import io.libonomy.p2p.discovery.Discovery;
import io.libonomy.p2p.gossip.Gossip;
import io.libonomy.p2p.gossip.GossipMessage;
import io.libonomy.p2p.gossip.GossipSettings;
import io.libonomy.p2p.gossip.GossipTransport;
import io.libonomy.p2p.gossip.Priority;
import io.libonomy.p2p.metrics.MeterNames;
import io.libonomy.p2p.identity.NodeInfo;
import io.libonomy.p2p.net.EncodedEnvelope;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.tcp.SecureConnection;
import io.libonomy.p2p.net.tcp.TcpTransport;
import io.libonomy.p2p.net.udp.UdpMux;
import io.libonomy.p2p.pool.ConnectionPool;
import io.libonomy.p2p.server.Endpoint;
import io.libonomy.p2p.server.InboundEnvelope;
import io.libonomy.p2p.server.RequestChannel;
import io.libonomy.p2p.upnp.UpnpOptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/** The {@link Switch}: transport, pool, router and peer events wired together. */
final class DefaultSwitch implements Switch, ConnectionPool.Listener {

  private static final Logger log = LoggerFactory.getLogger(DefaultSwitch.class);

  private enum State { NEW, STARTED, STOPPED }

  private static final InetAddress LOOPBACK = loopbackV4();
  /** How long a connection that lost the §5.2 tie-break is still read before it closes. */
  static final Duration DUPLICATE_LINGER = Duration.ofSeconds(2);
  /** Pause between neighbourhood rounds while short of peers (the seed's NoResultsInterval). */
  static final Duration NO_RESULTS_INTERVAL = Duration.ofSeconds(1);
  /** Banned peers remembered at most. */
  static final int MAX_BANNED = 1_024;

  private final P2PConfig config;
  private final KeyPair identity;
  private final String localId;
  private final TcpTransport transport;
  private final UdpMux udp;
  private final ConnectionPool pool;
  private final Router router;
  private final Gossip gossip;
  private final GossipSettings gossipSettings;
  private final BanList bans;
  private final MeterRegistry registry;
  private final PeerEventHub peerEvents;
  private final Discovery discovery;
  private final Neighbourhood neighbourhood;
  private final Sinks.Empty<Void> bootstrapped = Sinks.empty();
  private final Disposable.Swap bootstrap = Disposables.swap();
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final Mono<Void> start;
  private final Mono<Void> shutdown;
  private final @Nullable PortMapping portMapping;
  private volatile NodeInfo localNode;

  DefaultSwitch(P2PConfig config, KeyPair identity, AddressBook book, @Nullable Path peersFile,
      MeterRegistry registry, Clock clock, UpnpOptions upnp) {
    this.config = config;
    this.identity = identity;
    this.localId = identity.publicKey().shortId();
    this.transport = TcpTransport.create(config, identity, clock, registry);
    this.udp = UdpMux.create(config, identity, clock, registry);
    this.pool = new ConnectionPool(transport, identity.publicKey(), config.maxInboundPeers(),
        DUPLICATE_LINGER, Schedulers.parallel(), this);
    this.registry = registry;
    this.bans = new BanList(clock, MAX_BANNED);
    this.peerEvents = new PeerEventHub(config.bufferSize(), registry);
    this.gossipSettings = GossipSettings.from(config);
    this.gossip = Gossip.create(gossipSettings, identity.publicKey(),
        (protocol, payload) -> gossipFrame(EncodedEnvelope.of(Envelope.gossip(protocol, payload))),
        peerEvents.events(), this::offender, registry, Gossip.Options.defaults());
    this.router = new Router(localId, config.bufferSize(), registry, gossip);
    this.localNode = advertised(config.tcpPort(), config.tcpPort());
    this.discovery = Discovery.create(config, udp, this::localNode, book, peersFile, clock,
        registry);
    int target = config.swarm().gossip() ? config.swarm().randomConnections() : 0;
    this.neighbourhood = new Neighbourhood(
        new Neighbourhood.Settings(identity.publicKey(), target, NO_RESULTS_INTERVAL,
            config.dialTimeout(), Schedulers.parallel()),
        PeerSource.of(discovery), this::connect,
        peer -> pool.get(peer).isPresent() || bans.isBanned(peer),
        peerEvents::count,
        peerEvents.events());
    this.portMapping = config.acquirePort() ? new PortMapping(localId, upnp, registry) : null;
    this.start = Mono.defer(this::doStart).cache();
    this.shutdown = Mono.defer(this::doShutdown).cache();
  }

  @Override
  public PublicKey localKey() {
    return identity.publicKey();
  }

  @Override
  public NodeInfo localNode() {
    return localNode;
  }

  @Override
  public Mono<Void> start() {
    return Mono.defer(() -> state.get() == State.STOPPED
        ? Mono.error(new ShutdownException("switch was shut down; it cannot be restarted"))
        : start);
  }

  private Mono<Void> doStart() {
    if (!state.compareAndSet(State.NEW, State.STARTED)) {
      return Mono.error(new ShutdownException("switch was shut down; it cannot be restarted"));
    }
    return gossip.start()
        .then(transport.bind(this::accepted))
        .flatMap(tcp -> udp.bind(tcp.getPort())
            .onErrorMap(e -> new PortUnavailableException("UDP port " + tcp.getPort()
                + " (the TCP port) is not available: " + e.getMessage(), e))
            .doOnNext(datagrams -> {
              localNode = advertised(tcp.getPort(), datagrams.getPort());
              log.info("[{}][switch] listening on tcp {} and udp {}", localId, tcp, datagrams);
              if (portMapping != null) {
                portMapping.start(tcp.getPort());
              }
            }))
        .then(discovery.start())
        .doOnSuccess(ignored -> startNeighbourhood());
  }

  /** Seed §8.2 steps 5–6, in the background: bootstrap, then the outbound-peer loop. */
  private void startNeighbourhood() {
    Mono<Void> boot = config.swarm().bootstrap()
        ? discovery.bootstrap(config.swarm().randomConnections())
            .doOnSuccess(v -> log.info("[{}][switch] bootstrapped: {} addresses", localId,
                discovery.addressBook().size()))
        : Mono.empty();
    bootstrap.update(boot.subscribe(null,
        e -> {
          log.warn("[{}][switch] bootstrap failed: {}", localId, e.toString());
          bootstrapped.tryEmitError(e);
          neighbourhood.start();
        },
        () -> {
          bootstrapped.tryEmitEmpty();
          neighbourhood.start();
        }));
  }

  @Override
  public Mono<Void> shutdown() {
    return shutdown;
  }

  private Mono<Void> doShutdown() {
    state.set(State.STOPPED);
    bootstrap.dispose();
    bootstrapped.tryEmitError(new ShutdownException("the node shut down before it bootstrapped"));
    neighbourhood.stop();
    Mono<Void> unmap = portMapping == null ? Mono.empty() : portMapping.release();
    return Flux.concatDelayError(unmap, gossip.close(), discovery.shutdown(), pool.shutdown(),
            transport.shutdown(),
            udp.shutdown(),
            Mono.fromRunnable(() -> {
              router.close();
              peerEvents.close();
            }))
        .then()
        .doOnTerminate(() -> log.info("[{}][switch] shut down", localId));
  }

  @Override
  public Mono<PublicKey> connect(NodeInfo peer) {
    Objects.requireNonNull(peer, "peer");
    return Mono.defer(() -> {
      if (state.get() == State.STOPPED) {
        return Mono.error(new ShutdownException("switch is shut down"));
      }
      if (bans.isBanned(peer.id())) {
        return Mono.error(new PeerBannedException("peer " + peer.id().shortId()
            + " is banned for sending invalid gossip"));
      }
      return pool.connect(peer.id(), peer.tcpAddress()).map(SecureConnection::remoteKey);
    });
  }

  /** A gossip frame encoded once, sent to any neighbour. */
  private GossipTransport.Outgoing gossipFrame(EncodedEnvelope frame) {
    return peer -> Mono.defer(() -> pool.get(peer)
        .map(connection -> connection.send(frame))
        .orElseGet(() -> Mono.error(new NotConnectedException(
            "peer " + peer + " is not a neighbour (no open connection)"))));
  }

  /** An authenticated inbound connection: refused when its peer is banned. */
  private void accepted(SecureConnection connection) {
    if (bans.isBanned(connection.remoteKey())) {
      registry.counter(MeterNames.CONNECTIONS_REFUSED, MeterNames.TAG_REASON, "banned")
          .increment();
      connection.close();
      return;
    }
    pool.acceptInbound(connection);
  }

  /** A neighbour sent too much invalid gossip: disconnect, ban, mark its address bad. */
  private void offender(PublicKey peer) {
    Duration duration = gossipSettings.banDuration();
    bans.ban(peer, duration);
    discovery.addressBook().markBad(peer, duration);
    log.warn("[{}][switch] banning {} for {}: too many invalid gossip messages", localId,
        peer.shortId(), duration);
    pool.get(peer).ifPresent(SecureConnection::close);
  }

  @Override
  public Flux<GossipMessage> gossip(String protocol, Priority priority) {
    return gossip.messages(protocol, priority);
  }

  @Override
  public Mono<Void> broadcast(String protocol, byte[] payload) {
    return gossip.broadcast(protocol, payload);
  }

  @Override
  public Set<PublicKey> bannedPeers() {
    return bans.banned();
  }

  @Override
  public Flux<DirectMessage> direct(String protocol) {
    return direct(protocol, config.overflowPolicy());
  }

  @Override
  public Flux<DirectMessage> direct(String protocol, OverflowPolicy policy) {
    return router.direct(protocol, policy);
  }

  @Override
  public Mono<Void> send(PublicKey peer, String protocol, byte[] payload) {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(payload, "payload");
    return send(Endpoint.of(peer), Envelope.direct(protocol, payload));
  }

  @Override
  public Flux<InboundEnvelope> listen(String protocol) {
    return router.listen(protocol);
  }

  @Override
  public Mono<Void> send(Endpoint to, Envelope envelope) {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(envelope, "envelope");
    return Mono.defer(() -> {
      if (to.key().equals(identity.publicKey())) {
        return Mono.error(new NotConnectedException("cannot send a message to self"));
      }
      return pool.get(to.key())
          .map(connection -> connection.send(envelope))
          .orElseGet(() -> Mono.error(new NotConnectedException(
              "peer " + to.key() + " is not a neighbour (no open connection)")));
    });
  }

  @Override
  public Flux<PeerEvent> peerEvents() {
    return peerEvents.events();
  }

  @Override
  public RequestChannel udp() {
    return udp;
  }

  @Override
  public Set<PublicKey> connectedPeers() {
    return peerEvents.peers();
  }

  @Override
  public int peerCount(Direction direction) {
    return peerEvents.count(Objects.requireNonNull(direction, "direction"));
  }

  @Override
  public AddressBook addressBook() {
    return discovery.addressBook();
  }

  @Override
  public Mono<Void> awaitBootstrap() {
    return bootstrapped.asMono();
  }

  @Override
  public Mono<Void> awaitNeighbourhood() {
    return neighbourhood.ready();
  }

  @Override
  public void connected(SecureConnection connection) {
    router.attach(connection);
    peerEvents.connected(connection.remoteKey(), connection.direction());
  }

  @Override
  public void replaced(SecureConnection previous, SecureConnection current) {
    router.attach(current);
    peerEvents.redirected(current.remoteKey(), current.direction());
  }

  @Override
  public void lingering(SecureConnection connection) {
    router.attach(connection);
  }

  @Override
  public void disconnected(SecureConnection connection) {
    peerEvents.disconnected(connection.remoteKey());
  }

  /** The reachable address: 127.0.0.1 when bound to the wildcard or loopback address. */
  private NodeInfo advertised(int tcpPort, int udpPort) {
    InetAddress bind;
    try {
      // bindAddress is validated as an IP literal, so this never resolves a name
      bind = InetAddress.getByName(config.bindAddress());
    } catch (UnknownHostException e) {
      throw new InvalidConfigException("p2p.bind-address is not an IP literal: "
          + config.bindAddress(), e);
    }
    InetAddress ip = bind.isAnyLocalAddress() || bind.isLoopbackAddress() ? LOOPBACK : bind;
    return new NodeInfo(identity.publicKey(), ip, tcpPort, udpPort);
  }

  private static InetAddress loopbackV4() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 bytes are a valid IPv4 address", e);
    }
  }

  @Override
  public String toString() {
    return "Switch[" + localId + " " + localNode + "]";
  }
}
