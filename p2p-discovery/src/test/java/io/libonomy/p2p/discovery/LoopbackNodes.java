package io.libonomy.p2p.discovery;

import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.config.RateLimit;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.identity.NodeInfo;
import io.libonomy.p2p.net.udp.UdpMux;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Discovery nodes on real UDP sockets bound to 127.0.0.1 with port 0, shut down by {@link
 * #close}. All nodes share the source address 127.0.0.1, so the UDP rate limit is raised.
 */
final class LoopbackNodes implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(10);
  /** The request lifetime of tests that wait for a timeout on the wall clock. */
  static final Duration SHORT_LIFETIME = Duration.ofSeconds(1);
  static final InetAddress LOOPBACK = TestNodes.ip(127, 0, 0, 1);

  private final SplittableRandom random = new SplittableRandom(17);
  private final List<Node> nodes = new CopyOnWriteArrayList<>();
  private final List<UdpMux> muxes = new CopyOnWriteArrayList<>();

  /** One node: its socket, its discovery service and where its meters go. */
  record Node(KeyPair identity, UdpMux mux, Discovery discovery, AddressBook book,
      MeterRegistry registry) {

    /** Where it is: 127.0.0.1, TCP port = UDP port = the mux's port. */
    NodeInfo info() {
      return new NodeInfo(identity.publicKey(), LOOPBACK, mux.port(), mux.port());
    }

    InetSocketAddress udpAddress() {
      return new InetSocketAddress(LOOPBACK, mux.port());
    }

    DiscoveryProtocol protocol() {
      DiscoveryProtocol protocol = ((DefaultDiscovery) discovery).protocol();
      if (protocol == null) {
        throw new AssertionError("not started");
      }
      return protocol;
    }

    /** A discovery request counter of this node. */
    double requests(String type, String result, String reason) {
      return count(DiscoveryMeters.REQUESTS, DiscoveryMeters.TAG_TYPE, type,
          DiscoveryMeters.TAG_RESULT, result, DiscoveryMeters.TAG_REASON, reason);
    }

    double proofPings(String result) {
      return count(DiscoveryMeters.PROOF_PINGS, DiscoveryMeters.TAG_RESULT, result);
    }

    double count(String name, String... tags) {
      Counter counter = registry.find(name).tags(tags).counter();
      return counter == null ? 0 : counter.count();
    }
  }

  /**
   * How to build one node; defaults: real book, system clock, the default 5 s request lifetime
   * (a first contact costs an X25519 on each side and an endpoint-proof PING; on a loaded
   * 2-core machine with a hundred of them at once, 1 s was too short). Tests that wait for a
   * timeout on the wall clock shorten it with {@link #SHORT_LIFETIME}.
   */
  record Spec(UnaryOperator<P2PConfig> config, DiscoveryOptions options, Clock clock,
      @Nullable Function<NodeInfo, AddressBook> book, @Nullable Path peersFile,
      UnaryOperator<NodeInfo> advertised, boolean start, @Nullable KeyPair identity, int port) {

    static Spec defaults() {
      return new Spec(c -> c, DiscoveryOptions.defaults()
          .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)),
          Clock.systemUTC(), null, null, n -> n, true, null, 0);
    }

    Spec config(UnaryOperator<P2PConfig> value) {
      return new Spec(value, options, clock, book, peersFile, advertised, start, identity, port);
    }

    Spec options(UnaryOperator<DiscoveryOptions> value) {
      return new Spec(config, value.apply(options), clock, book, peersFile, advertised, start,
          identity, port);
    }

    Spec clock(Clock value) {
      return new Spec(config, options, value, book, peersFile, advertised, start, identity, port);
    }

    /** The book, given the node's own address. */
    Spec book(Function<NodeInfo, AddressBook> value) {
      return new Spec(config, options, clock, value, peersFile, advertised, start, identity, port);
    }

    Spec peersFile(Path value) {
      return new Spec(config, options, clock, book, value, advertised, start, identity, port);
    }

    /** What the node believes its address is (sent in its PINGs). */
    Spec advertised(UnaryOperator<NodeInfo> value) {
      return new Spec(config, options, clock, book, peersFile, value, start, identity, port);
    }

    /** This identity, bound on this port (instead of a fresh key and port 0). */
    Spec at(KeyPair value, int udpPort) {
      return new Spec(config, options, clock, book, peersFile, advertised, start, value,
          udpPort);
    }

    Spec notStarted() {
      return new Spec(config, options, clock, book, peersFile, advertised, false, identity,
          port);
    }
  }

  static P2PConfig baseConfig() {
    return P2PConfig.defaults()
        .withBindAddress("127.0.0.1")
        .withUdpRatePerSource(RateLimit.of(100_000, 100_000));
  }

  private synchronized long seed() {
    return random.nextLong();
  }

  /** A bound mux with nothing listening: a node without discovery. */
  UdpMux bareMux(KeyPair identity) {
    UdpMux mux = UdpMux.create(baseConfig(), identity, Clock.systemUTC(),
        new SimpleMeterRegistry());
    muxes.add(mux);
    mux.bind(0).block(WAIT);
    return mux;
  }

  Node start() {
    return start(Spec.defaults());
  }

  Node start(Spec spec) {
    KeyPair identity = spec.identity() != null ? spec.identity() : KeyPair.generate();
    MeterRegistry registry = new SimpleMeterRegistry();
    P2PConfig config = spec.config().apply(baseConfig());
    UdpMux mux = UdpMux.create(config, identity, Clock.systemUTC(), registry);
    muxes.add(mux);
    mux.bind(spec.port()).block(WAIT);
    NodeInfo self = new NodeInfo(identity.publicKey(), LOOPBACK, mux.port(), mux.port());
    AddressBook book = spec.book() != null ? spec.book().apply(self)
        : AddressBook.create(identity.publicKey(), spec.clock(), new SplittableRandom(seed()));
    NodeInfo advertised = spec.advertised().apply(self);
    Discovery discovery = Discovery.create(config, mux, () -> advertised, book, spec.peersFile(),
        spec.clock(), registry, spec.options());
    Node node = new Node(identity, mux, discovery, book, registry);
    nodes.add(node);
    if (spec.start()) {
      discovery.start().block(WAIT);
    }
    return node;
  }

  /** Starts {@code count} default nodes at once (their message servers open in parallel). */
  List<Node> startMany(int count) {
    return Flux.range(0, count)
        .flatMap(i -> Mono.fromCallable(() -> start(Spec.defaults().notStarted()))
            .subscribeOn(Schedulers.boundedElastic()))
        .flatMap(n -> n.discovery().start().thenReturn(n))
        .collectList()
        .block(WAIT);
  }

  @Override
  public void close() {
    for (Node node : nodes) {
      StepVerifier.create(node.discovery().shutdown()).expectComplete().verify(WAIT);
    }
    for (UdpMux mux : muxes) {
      mux.shutdown().block(WAIT);
    }
  }
}
