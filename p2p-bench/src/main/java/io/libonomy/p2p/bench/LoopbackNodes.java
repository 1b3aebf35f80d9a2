package io.libonomy.p2p.bench;

import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.swarm.Switch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * The {@link Switch} nodes of one measurement of ours, each with a fresh identity and its own
 * {@link SimpleMeterRegistry}, bound by {@link Loopback#nodeConfig()}. Not thread-safe: one
 * measurement starts and shuts them down from its own thread.
 */
final class LoopbackNodes {

  private final List<Switch> nodes = new ArrayList<>(2);

  /** Creates and starts one node; it is shut down by {@link #shutdown}, started or not. */
  Switch start(Duration timeout) {
    Switch node = Switch.create(Loopback.nodeConfig(), KeyPair.generate(),
        new SimpleMeterRegistry());
    nodes.add(node);
    node.start().block(timeout);
    return node;
  }

  /**
   * Shuts every node down together and forgets them, reporting a failure or a timeout to
   * {@code onError} rather than throwing. Idempotent.
   */
  void shutdown(Duration timeout, Consumer<Throwable> onError) {
    Mono.whenDelayError(nodes.stream().map(Switch::shutdown).toList())
        .timeout(timeout)
        .onErrorResume(error -> {
          onError.accept(error);
          return Mono.empty();
        })
        .block();
    nodes.clear();
  }
}
