package io.libonomy.p2p.testkit;

import io.libonomy.p2p.api.PortUnavailableException;
import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.config.RateLimit;
import io.libonomy.p2p.config.SwarmConfig;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.identity.NodeInfo;
import io.libonomy.p2p.swarm.Switch;
import io.libonomy.p2p.testkit.NodeFailuresException.Failure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * K bootnodes and N nodes on 127.0.0.1 in one JVM (ARCHITECTURE §9), sharing Reactor Netty's
 * event loops and Reactor's schedulers, as the seed's integration suite.
 *
 * <p>{@link #start()} starts the bootnodes (gossip on, no bootstrap, each other's address in
 * their books), then every node concurrently (bootstrap from the bootnodes' URLs, gossip on),
 * all with {@code randcon} = {@code degree}; it completes once every node is listening, while
 * bootstraps and neighbourhoods go on in the background ({@link #awaitConverged()},
 * {@link #progress()}). Identities come from {@link Settings#seed()}, so a run's keys repeat.
 *
 * <p>Nodes bind port 0 for TCP and the same number for UDP; a node whose UDP port turns out to
 * be taken is replaced by a fresh one (same identity) up to 5 times. Everything binds and
 * talks to 127.0.0.1 only: hooks may change any setting but the bind address.
 *
 * <p>{@link #forAll}, {@link #forAllAsync} and {@link #awaitGossipReady()} are the seed
 * suite's helpers: run an action on every node, or wait until gossip can reach every node.
 *
 * <p>{@link #shutdown()} stops every node, continuing past failures; idempotent.
 */
public final class LocalNetwork implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalNetwork.class);
  private static final String LOOPBACK = "127.0.0.1";
  private static final int START_ATTEMPTS = 5;
  private static final int START_CONCURRENCY = 16;
  /** How many actions {@link #forAllAsync(Function)} runs at once. */
  public static final int FOR_ALL_CONCURRENCY = 16;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

  private final Settings settings;
  private final List<Node> bootnodes = Collections.synchronizedList(new ArrayList<>());
  private final List<Node> nodes = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger bootstrapped = new AtomicInteger();
  private final AtomicInteger atTarget = new AtomicInteger();
  private final Mono<Void> start;
  private final Mono<Void> shutdown;

  private LocalNetwork(Settings settings) {
    this.settings = settings;
    this.start = Mono.defer(this::doStart).cache();
    this.shutdown = Flux.defer(() -> Flux.fromIterable(all()))
        .flatMapDelayError(n -> n.node().shutdown(), 64, 1)
        .then()
        .cache();
  }

  /** A network that {@link #start()} brings up. */
  public static LocalNetwork create(Settings settings) {
    return new LocalNetwork(Objects.requireNonNull(settings, "settings"));
  }

  /** The configuration every node starts from: loopback, port 0, limits sized for one host. */
  public static P2PConfig loopbackConfig(int degree) {
    return P2PConfig.defaults()
        .withBindAddress(LOOPBACK)
        .withTcpPort(0)
        .withAcquirePort(false)
        // every node shares 127.0.0.1: per-IP limits meant for the internet would throttle
        // the whole network as if it were one attacker
        .withMaxConnectionsPerIp(1_000_000)
        .withMaxPendingHandshakes(10_000)
        .withHandshakeRatePerSource(RateLimit.of(1_000_000, 1_000_000))
        .withUdpRatePerSource(RateLimit.of(1_000_000, 1_000_000))
        .withSwarm(SwarmConfig.defaults().withGossip(true).withRandomConnections(degree));
  }

  /**
   * Starts the bootnodes, then the nodes. Completes when all listen; lazy and idempotent
   * (every subscription shares one start). Fails if a node cannot start; call
   * {@link #shutdown()} then.
   */
  public Mono<Void> start() {
    return start;
  }

  private Mono<Void> doStart() {
    SplittableRandom random = new SplittableRandom(settings.seed());
    List<KeyPair> keys = IntStream.range(0, settings.bootnodes() + settings.nodes())
        .mapToObj(i -> KeyPair.generate(random.split())).toList();
    return Flux.range(0, settings.bootnodes())
        .flatMap(i -> startNode(Role.BOOTNODE, i, keys.get(i), List.of()), START_CONCURRENCY)
        .doOnNext(bootnodes::add)
        .then(Mono.fromRunnable(this::introduceBootnodes))
        .then(Mono.fromCallable(() -> bootnodes.stream()
            .map(n -> n.node().localNode().toUrl()).toList()))
        .flatMapMany(urls -> Flux.range(0, settings.nodes())
            .flatMap(i -> startNode(Role.NODE, i, keys.get(settings.bootnodes() + i), urls),
                START_CONCURRENCY))
        .doOnNext(nodes::add)
        .then()
        .doOnSuccess(v -> log.info("[network] {} bootnodes and {} nodes listening",
            bootnodes.size(), nodes.size()));
  }

  private void introduceBootnodes() {
    for (Node a : bootnodes) {
      for (Node b : bootnodes) {
        if (a != b) {
          a.node().addressBook().add(b.node().localNode(), a.node().localNode());
        }
      }
    }
  }

  private Mono<Node> startNode(Role role, int index, KeyPair identity, List<String> urls) {
    P2PConfig base = loopbackConfig(settings.degree());
    base = base.withSwarm(base.swarm().withBootstrap(role == Role.NODE).withBootnodes(urls));
    P2PConfig config = settings.hook().configure(role, index, base).withBindAddress(LOOPBACK);
    return Mono.defer(() -> {
          MeterRegistry registry = new SimpleMeterRegistry();
          Switch node = Switch.create(config, identity, registry);
          return node.start()
              .onErrorResume(e -> node.shutdown().onErrorResume(x -> Mono.empty())
                  .then(Mono.error(e)))
              .thenReturn(new Node(role, index, node, registry));
        })
        .retryWhen(Retry.max(START_ATTEMPTS - 1)
            .filter(PortUnavailableException.class::isInstance))
        .doOnNext(this::track)
        .subscribeOn(Schedulers.boundedElastic());
  }

  private void track(Node node) {
    node.node().awaitBootstrap().subscribe(null, e -> { }, bootstrapped::incrementAndGet);
    node.node().awaitNeighbourhood().subscribe(null, e -> { }, atTarget::incrementAndGet);
  }

  /**
   * Completes once every node (bootnodes included) has held {@code degree} outbound peers, or is
   * connected to every other node of the network: in a network of {@code degree + 1} nodes or
   * fewer the peers may all have dialled one node first, leaving it nobody to dial, and that
   * node is then as connected as it can be. Lazy: looks at the nodes started when it is
   * subscribed, so chain it after {@link #start()}.
   */
  public Mono<Void> awaitConverged() {
    return Flux.defer(() -> {
      List<Node> all = all();
      return Flux.fromIterable(all).flatMap(n -> converged(n.node(), all.size() - 1));
    }).then();
  }

  /**
   * Completes once every node (bootnodes included) has held {@code degree} outbound peers, with
   * no allowance for small networks: what {@code p2p sim} measures as its convergence time. In
   * a network of {@code degree + 1} nodes or fewer it may never complete (see
   * {@link #awaitConverged()}). Lazy, like {@link #awaitConverged()}.
   */
  public Mono<Void> awaitDegree() {
    return Flux.defer(() -> Flux.fromIterable(all()))
        .flatMap(n -> n.node().awaitNeighbourhood())
        .then();
  }

  private static Mono<Void> converged(Switch node, int others) {
    // peerEvents() first replays a Connected for every current peer, so no arrival is missed
    Mono<Void> connectedToAll = node.peerEvents()
        .filter(event -> node.connectedPeers().size() >= others)
        .next()
        .then();
    return Mono.firstWithSignal(node.awaitNeighbourhood(), connectedToAll);
  }

  /**
   * Completes once every node (bootnodes included) is gossip-ready, as the seed's suite waits
   * before it broadcasts: {@link #awaitConverged()} completed, and every node has been seen with
   * at least one connected peer (a {@code connectedPeers()} not empty) since the subscription.
   * The two are observed independently: a node may lose its last peer after it was seen. Lazy,
   * like {@link #awaitConverged()}, so chain it after {@link #start()}; never completes in a
   * network of one node or with {@code degree} 0, so bound it with a timeout. Fails with a
   * {@link ShutdownException} if a node shuts down without having had a peer.
   */
  public Mono<Void> awaitGossipReady() {
    Mono<Void> neighbours = Flux.defer(() -> Flux.fromIterable(all()))
        .flatMap(LocalNetwork::awaitNeighbour)
        .then();
    return Mono.when(neighbours, awaitConverged());
  }

  private static Mono<Void> awaitNeighbour(Node n) {
    // peerEvents() replays the current peers first and completes when the node shuts down
    return n.node().peerEvents()
        .filter(event -> !n.node().connectedPeers().isEmpty())
        .next()
        .switchIfEmpty(Mono.error(() -> new ShutdownException(n.role() + " " + n.index()
            + " shut down before it had a peer")))
        .then();
  }

  /**
   * Runs {@code action} on every node in {@link #all()} order (bootnodes, then nodes), one
   * after the other: the action's publisher for a node is subscribed when the previous one
   * terminated, and its elements are ignored. A failing node does not stop the run: once every
   * node had its turn, the returned {@code Mono} completes, or fails with a
   * {@link NodeFailuresException} naming every node whose publisher failed or whose
   * {@code action} threw. Lazy: runs on the nodes started when it is subscribed; cancelling it
   * cancels the action in progress. Nothing is buffered but the failures, one per node at most.
   */
  public Mono<Void> forAll(Function<Node, ? extends Publisher<?>> action) {
    Objects.requireNonNull(action, "action");
    return runOnAll(nodes -> nodes.concatMap(n -> attempt(n, action)));
  }

  /**
   * {@link #forAll} with the actions running concurrently, at most
   * {@value #FOR_ALL_CONCURRENCY} at once (the next node's action starts when one terminates).
   * Actions run on whatever thread their publishers signal on; the same error aggregation.
   */
  public Mono<Void> forAllAsync(Function<Node, ? extends Publisher<?>> action) {
    return forAllAsync(action, FOR_ALL_CONCURRENCY);
  }

  /** {@link #forAllAsync(Function)} with at most {@code concurrency} actions at once (≥ 1). */
  public Mono<Void> forAllAsync(Function<Node, ? extends Publisher<?>> action, int concurrency) {
    Objects.requireNonNull(action, "action");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    }
    return runOnAll(nodes -> nodes.flatMap(n -> attempt(n, action), concurrency));
  }

  private Mono<Void> runOnAll(Function<Flux<Node>, Flux<Failure>> run) {
    return Mono.defer(() -> {
      List<Node> all = all();
      // only failures are collected: at most one per node
      return run.apply(Flux.fromIterable(all))
          .collectList()
          .flatMap(failures -> failures.isEmpty()
              ? Mono.empty()
              : Mono.error(NodeFailuresException.of(failures, all.size())));
    });
  }

  private static Mono<Failure> attempt(Node node,
      Function<Node, ? extends Publisher<?>> action) {
    return Mono.defer(() -> Flux.from(action.apply(node)).then())
        .then(Mono.<Failure>empty())
        .onErrorResume(e -> Mono.just(new Failure(node, e)));
  }

  /** How far the network got; cheap, for progress lines. */
  public Progress progress() {
    return new Progress(bootnodes.size() + nodes.size(), bootstrapped.get(), atTarget.get(),
        settings.bootnodes() + settings.nodes());
  }

  /** The bootnodes, in start-completion order. */
  public List<Node> bootnodes() {
    return List.copyOf(bootnodes);
  }

  /** The nodes that bootstrap from the bootnodes. */
  public List<Node> nodes() {
    return List.copyOf(nodes);
  }

  /** Bootnodes then nodes. */
  public List<Node> all() {
    List<Node> all = new ArrayList<>(bootnodes);
    all.addAll(nodes);
    return all;
  }

  /** Shuts every started node down; idempotent, continues past failures. */
  public Mono<Void> shutdown() {
    return shutdown;
  }

  /** Blocking {@link #shutdown()} for tests and the CLI. */
  @Override
  public void close() {
    shutdown().block(CLOSE_TIMEOUT);
  }

  /** What a node is in the network. */
  public enum Role { BOOTNODE, NODE }

  /** Changes one node's configuration before it starts. */
  @FunctionalInterface
  public interface ConfigHook {
    /** Returns the configuration node {@code index} of {@code role} starts with. */
    P2PConfig configure(Role role, int index, P2PConfig config);
  }

  /**
   * What to start.
   *
   * @param bootnodes K ≥ 1
   * @param nodes N ≥ 0
   * @param degree outbound peers each node keeps ({@code randcon}) ≥ 0
   * @param seed seeds the identities
   * @param hook per-node configuration changes
   */
  public record Settings(int bootnodes, int nodes, int degree, long seed, ConfigHook hook) {
    public Settings {
      if (bootnodes < 1) {
        throw new IllegalArgumentException("bootnodes must be at least 1: " + bootnodes);
      }
      if (nodes < 0) {
        throw new IllegalArgumentException("nodes must be at least 0: " + nodes);
      }
      if (degree < 0) {
        throw new IllegalArgumentException("degree must be at least 0: " + degree);
      }
      Objects.requireNonNull(hook, "hook");
    }

    /** {@code bootnodes} and {@code nodes} with degree 8, seed 1 and no hook. */
    public static Settings of(int bootnodes, int nodes) {
      return new Settings(bootnodes, nodes, 8, 1, (role, index, config) -> config);
    }

    public Settings withDegree(int degree) {
      return new Settings(bootnodes, nodes, degree, seed, hook);
    }

    public Settings withSeed(long seed) {
      return new Settings(bootnodes, nodes, degree, seed, hook);
    }

    public Settings withHook(ConfigHook hook) {
      return new Settings(bootnodes, nodes, degree, seed, hook);
    }
  }

  /** A started node with its own meter registry. */
  public record Node(Role role, int index, Switch node, MeterRegistry registry) {
    /** The node's address. */
    public NodeInfo info() {
      return node.localNode();
    }
  }

  /**
   * Counts for progress reports.
   *
   * @param started nodes listening
   * @param bootstrapped nodes whose bootstrap completed (bootnodes count at once)
   * @param atTarget nodes that reached {@code degree} outbound peers at least once
   * @param total nodes in the network
   */
  public record Progress(int started, int bootstrapped, int atTarget, int total) {}
}
