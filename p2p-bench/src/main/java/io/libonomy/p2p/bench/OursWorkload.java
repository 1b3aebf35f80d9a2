package io.libonomy.p2p.bench;

import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.swarm.Switch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * This library end to end: two {@link Switch} nodes in this JVM on 127.0.0.1, one secure
 * session between them. The receiver counts what its {@code direct("bench/1")} subscriber gets;
 * the sender keeps at most {@code inFlight} {@link Switch#send} calls outstanding, each one
 * complete when its frame is written to the socket.
 */
final class OursWorkload implements Workload {

  static final String PROTOCOL = "bench/1";

  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  private final byte[] payload;
  private final int inFlight;
  private final AtomicLong received = new AtomicLong();
  private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
  private final List<Switch> nodes = new ArrayList<>(2);
  private @Nullable Disposable inbound;
  private @Nullable SendLoop sendLoop;

  OursWorkload(byte[] payload, int inFlight) {
    this.payload = Objects.requireNonNull(payload, "payload");
    if (inFlight < 1) {
      throw new IllegalArgumentException("inFlight must be at least 1, got " + inFlight);
    }
    this.inFlight = inFlight;
  }

  @Override
  public void start() {
    Switch receiver = startNode();
    Switch sender = startNode();
    inbound = receiver.direct(PROTOCOL)
        .subscribe(message -> received.incrementAndGet(), this::fail);
    PublicKey peer = Objects.requireNonNull(
        sender.connect(receiver.localNode()).block(SETUP_TIMEOUT), "connect completed empty");
    // inFlight independent lanes, each sending its next message when the previous one is
    // written: the same in-flight bound as a flatMap, without flatMap's per-completion scan
    // of every inner subscriber (which cost the sender thread about a sixth of its time)
    Mono<Void> lane = Mono.defer(() -> sender.send(peer, PROTOCOL, payload));
    sendLoop = SendLoop.start(
        stop -> Flux.range(0, inFlight)
            .flatMap(i -> lane.repeat().takeUntilOther(stop), inFlight)
            .then(),
        this::fail);
  }

  private Switch startNode() {
    P2PConfig config = P2PConfig.defaults()
        .withBindAddress("127.0.0.1")
        .withTcpPort(0)
        .withAcquirePort(false);
    Switch node = Switch.create(config, KeyPair.generate(), new SimpleMeterRegistry());
    nodes.add(node);
    node.start().block(SETUP_TIMEOUT);
    return node;
  }

  private void fail(Throwable error) {
    failure.compareAndSet(null, error);
  }

  @Override
  public long delivered() {
    return received.get();
  }

  @Override
  public @Nullable Throwable failure() {
    return failure.get();
  }

  @Override
  public void close() {
    SendLoop loop = sendLoop;
    if (loop != null) {
      sendLoop = null;
      loop.stop(STOP_TIMEOUT);
    }
    Mono.whenDelayError(nodes.stream().map(Switch::shutdown).toList())
        .timeout(STOP_TIMEOUT)
        .onErrorResume(error -> {
          fail(error);
          return Mono.empty();
        })
        .block();
    nodes.clear();
    Disposable subscription = inbound;
    if (subscription != null) {
      inbound = null;
      subscription.dispose();
    }
  }
}
