package io.libonomy.p2p.discovery;

import io.libonomy.p2p.api.InvalidNodeUrlException;
import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.identity.NodeInfo;
import io.libonomy.p2p.server.RequestChannel;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@link Discovery} facade: owns the lifecycle (the protocol's message server, the periodic
 * refresh and save) and delegates the protocol to {@link DiscoveryProtocol} and the filling of
 * the book to {@link Refresher}. {@code start} and {@code shutdown} are one-shot cached
 * {@code Mono}s; the state moves CREATED → STARTING → RUNNING → SHUT_DOWN under one lock.
 */
final class DefaultDiscovery implements Discovery, Queries {

  private static final Logger log = LoggerFactory.getLogger(DefaultDiscovery.class);

  private enum State { CREATED, STARTING, RUNNING, SHUT_DOWN }

  private final P2PConfig config;
  private final RequestChannel udp;
  private final Supplier<NodeInfo> localNode;
  private final AddressBook book;
  private final @Nullable Path peersFile;
  private final Clock clock;
  private final MeterRegistry registry;
  private final DiscoveryOptions options;
  private final String context;
  private final DiscoveryMetrics metrics;
  private final ObservedAddress observed;
  private final Refresher refresher;
  private final Disposable.Composite tasks = Disposables.composite();
  private final Mono<Void> start = Mono.defer(this::doStart).cache();
  private final Mono<Void> shutdown = Mono.defer(this::doShutdown).cache();
  private State state = State.CREATED;
  private volatile @Nullable DiscoveryProtocol protocol;

  DefaultDiscovery(P2PConfig config, RequestChannel udp, Supplier<NodeInfo> localNode,
      AddressBook book, @Nullable Path peersFile, Clock clock, MeterRegistry registry,
      DiscoveryOptions options) {
    this.config = config;
    this.udp = udp;
    this.localNode = localNode;
    this.book = book;
    this.peersFile = peersFile;
    this.clock = clock;
    this.registry = registry;
    this.options = options;
    PublicKey localKey = localNode.get().id();
    this.context = "[" + localKey.shortId() + "][discovery]";
    this.metrics = new DiscoveryMetrics(registry);
    this.observed = new ObservedAddress(context, options.observedWindow());
    this.refresher = new Refresher(context, book, this, localNode, bootnodes(localKey),
        options, clock, metrics);
  }

  @Override
  public AddressBook addressBook() {
    return book;
  }

  @Override
  public Mono<Void> start() {
    return start;
  }

  @Override
  public Mono<Void> bootstrap() {
    return bootstrap(config.swarm().randomConnections());
  }

  @Override
  public Mono<Void> bootstrap(int want) {
    return refresher.bootstrap(want);
  }

  @Override
  public Mono<List<NodeInfo>> selectPeers(int count) {
    return refresher.selectPeers(count);
  }

  @Override
  public Mono<Void> refresh(int want) {
    if (want < 0) {
      throw new IllegalArgumentException("want must be >= 0: " + want);
    }
    return want == 0 ? Mono.empty() : refresher.boundedRound(want);
  }

  @Override
  public Mono<PingResult> ping(NodeInfo node) {
    Objects.requireNonNull(node, "node");
    return running().flatMap(p -> p.ping(node));
  }

  @Override
  public Mono<List<NodeInfo>> getAddresses(NodeInfo node) {
    Objects.requireNonNull(node, "node");
    return running().flatMap(p -> p.getAddresses(node));
  }

  @Override
  public Flux<InetSocketAddress> observedAddresses() {
    return observed.changes();
  }

  @Override
  public Optional<InetSocketAddress> observedAddress() {
    return observed.current();
  }

  @Override
  public void attempt(PublicKey key) {
    book.attempt(key);
  }

  @Override
  public void good(PublicKey key) {
    book.good(key);
  }

  @Override
  public Mono<Void> shutdown() {
    return shutdown;
  }

  /** The running protocol, for tests. */
  @Nullable DiscoveryProtocol protocol() {
    return protocol;
  }

  private Mono<DiscoveryProtocol> running() {
    return Mono.defer(() -> {
      DiscoveryProtocol running = protocol;
      synchronized (this) {
        if (state == State.SHUT_DOWN) {
          return Mono.error(new ShutdownException(context + " discovery is shut down"));
        }
      }
      if (running == null) {
        return Mono.error(new IllegalStateException(context + " discovery is not started"));
      }
      return Mono.just(running);
    });
  }

  private Mono<Void> doStart() {
    synchronized (this) {
      if (state != State.CREATED) {
        return Mono.error(new ShutdownException(context + " discovery is shut down"));
      }
      state = State.STARTING;
    }
    // MessageServer.on seeds a DRBG from the OS entropy source: not on an event loop
    return Mono.fromCallable(() -> DiscoveryProtocol.open(context, udp,
            config.maxDatagramSize(), config.networkId(), book, localNode, clock, registry,
            options, observed, metrics))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(this::started);
  }

  private Mono<Void> started(DiscoveryProtocol opened) {
    synchronized (this) {
      if (state != State.STARTING) {
        return opened.close().then(Mono.error(
            new ShutdownException(context + " discovery shut down while starting")));
      }
      protocol = opened;
      state = State.RUNNING;
    }
    metrics.gaugeBookSize(book::size);
    startRefresh();
    if (peersFile != null) {
      startSaving();
    }
    log.debug("{} started: {} addresses, {} bootnodes", context, book.size(),
        config.swarm().bootnodes().size());
    return Mono.empty();
  }

  private void startRefresh() {
    int want = Math.max(1, config.swarm().randomConnections());
    tasks.add(Flux.interval(options.refreshInterval(), options.timer())
        // settled on every tick, even while the previous tick's ping or refresh round is still
        // under way (a round can outlast a tick; its tick is then dropped below)
        .doOnNext(tick -> book.resolveCollisions())
        .onBackpressureDrop()
        .concatMap(tick -> testTriedCollision()
            .then(Mono.defer(() -> book.needNewAddresses() ? refresher.boundedRound(want)
                : Mono.<Void>empty())), 1)
        .subscribe(null, e -> log.debug("{} periodic refresh stopped: {}", context,
            e.toString())));
  }

  /**
   * Test-before-evict, the network half (Bitcoin Core's feeler): pings one incumbent that a
   * newcomer waits to replace, recording the attempt and, if it answers, its success; a later
   * tick's {@link AddressBook#resolveCollisions()} keeps it or evicts it accordingly. Never
   * fails.
   */
  private Mono<Void> testTriedCollision() {
    return Mono.defer(() -> {
      Optional<NodeInfo> incumbent = book.selectTriedCollision();
      if (incumbent.isEmpty()) {
        return Mono.empty();
      }
      NodeInfo node = incumbent.get();
      book.attempt(node.id());
      return ping(node)
          .doOnNext(answer -> book.good(node.id()))
          .then()
          .onErrorResume(e -> {
            log.debug("{} tried-table incumbent {} did not answer: {}", context,
                node.id().shortId(), e.toString());
            return Mono.empty();
          });
    });
  }

  private void startSaving() {
    tasks.add(Flux.interval(options.saveInterval(), options.timer())
        .onBackpressureDrop()
        .concatMap(tick -> save(), 1)
        .subscribe(null, e -> log.warn("{} periodic save stopped: {}", context, e.toString())));
  }

  private Mono<Void> doShutdown() {
    DiscoveryProtocol running;
    synchronized (this) {
      state = State.SHUT_DOWN;
      running = protocol;
    }
    tasks.dispose();
    observed.close();
    metrics.close();
    Mono<Void> close = running == null ? Mono.empty() : running.close();
    return Flux.concatDelayError(close, save())
        .then()
        .doOnSuccess(v -> log.debug("{} shut down", context));
  }

  /** Saves the book on {@code boundedElastic}; a failure is logged and counted, not signalled. */
  private Mono<Void> save() {
    Path file = peersFile;
    if (file == null) {
      return Mono.empty();
    }
    return Mono.fromCallable(() -> {
          PeersFile.save(book, file);
          return file;
        })
        .subscribeOn(Schedulers.boundedElastic())
        .doOnNext(saved -> metrics.saved(true))
        .onErrorResume(e -> {
          metrics.saved(false);
          log.warn("{} could not save the peers file {}: {}", context, file, e.toString());
          return Mono.empty();
        })
        .then();
  }

  private List<NodeInfo> bootnodes(PublicKey localKey) {
    List<NodeInfo> nodes = new ArrayList<>();
    for (String url : config.swarm().bootnodes()) {
      try {
        NodeInfo node = NodeInfo.parseUrl(url);
        if (!node.id().equals(localKey)) {
          nodes.add(node);
        }
      } catch (InvalidNodeUrlException e) {
        log.warn("{} skipping bootnode {}: {}", context, url, e.getMessage());
      }
    }
    return nodes;
  }
}
