package io.libonomy.p2p.bench;

import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.swarm.Switch;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
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
  private final LoopbackNodes nodes = new LoopbackNodes();
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
    Switch receiver = nodes.start(SETUP_TIMEOUT);
    Switch sender = nodes.start(SETUP_TIMEOUT);
    inbound = receiver.direct(PROTOCOL)
        .subscribe(message -> received.incrementAndGet(), this::fail);
    PublicKey peer = Objects.requireNonNull(
        sender.connect(receiver.localNode()).block(SETUP_TIMEOUT), "connect completed empty");
    // each lane sends its next message when its previous send is written
    Mono<Void> send = Mono.defer(() -> sender.send(peer, PROTOCOL, payload));
    sendLoop = SendLoop.start(stop -> SendLoop.lanes(inFlight, send, stop), this::fail);
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
    nodes.shutdown(STOP_TIMEOUT, this::fail);
    Disposable subscription = inbound;
    if (subscription != null) {
      inbound = null;
      subscription.dispose();
    }
  }
}
