package io.libonomy.p2p.swarm;

import io.libonomy.p2p.api.PortUnavailableException;
import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.config.RateLimit;
import io.libonomy.p2p.crypto.KeyPair;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;

/**
 * Starts nodes on 127.0.0.1 with random ports and shuts every one down at the end. Nodes keep
 * no outbound peers of their own ({@code randcon} 0) unless a test's tweak says otherwise.
 */
final class TestNodes implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final int START_ATTEMPTS = 5;

  record Node(Switch node, MeterRegistry registry) {}

  private final List<Switch> started = new ArrayList<>();

  static P2PConfig loopback() {
    return P2PConfig.defaults()
        .withBindAddress("127.0.0.1")
        .withTcpPort(0)
        .withAcquirePort(false)
        .withMaxConnectionsPerIp(1_000)
        .withMaxPendingHandshakes(1_000)
        .withMaxInboundPeers(1_000)
        .withHandshakeRatePerSource(RateLimit.of(10_000, 10_000))
        .withUdpRatePerSource(RateLimit.of(100_000, 100_000))
        // no automatic outbound peers unless a test asks for them
        .withSwarm(P2PConfig.defaults().swarm().withRandomConnections(0));
  }

  /**
   * Starts one node. The UDP socket takes the TCP socket's port number, which another process
   * may hold; a start that finds it taken is tried again on a fresh port, as the test kit does.
   */
  Node start(UnaryOperator<P2PConfig> tweak) {
    for (int attempt = 1; ; attempt++) {
      MeterRegistry registry = new SimpleMeterRegistry();
      Switch node = Switch.create(tweak.apply(loopback()), KeyPair.generate(), registry);
      started.add(node);
      try {
        node.start().block(TIMEOUT);
        return new Node(node, registry);
      } catch (PortUnavailableException e) {
        node.shutdown().block(TIMEOUT);
        started.remove(node);
        if (attempt == START_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  Switch start() {
    return start(UnaryOperator.identity()).node();
  }

  @Override
  public void close() {
    Flux.fromIterable(started).flatMap(Switch::shutdown).then().block(TIMEOUT);
  }
}
