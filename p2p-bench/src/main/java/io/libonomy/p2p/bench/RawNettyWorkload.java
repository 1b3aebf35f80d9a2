package io.libonomy.p2p.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;

/**
 * The transport floor: plain Reactor Netty on 127.0.0.1, one connection, the wire framing of
 * §5.1 ({@link Loopback#framedServer()}), no handshake, no codec, no crypto. The server counts
 * decoded frames; the client streams the payload with {@code outbound().send(Flux<ByteBuf>)},
 * whose prefetch bounds the frames requested but not yet written (the in-flight bound, set by
 * the {@code reactor.netty.send.maxPrefetchSize} system property).
 */
final class RawNettyWorkload implements Workload {

  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final byte[] payload;
  private final RawFlush flush;
  private final AtomicLong received = new AtomicLong();
  private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
  private @Nullable DisposableServer server;
  private @Nullable Connection client;
  private @Nullable SendLoop sendLoop;

  RawNettyWorkload(byte[] payload, RawFlush flush) {
    this.payload = Objects.requireNonNull(payload, "payload");
    this.flush = Objects.requireNonNull(flush, "flush");
  }

  @Override
  public void start() {
    DisposableServer bound = Loopback.framedServer()
        .handle((in, out) -> in.receive()
            .doOnNext(frame -> received.incrementAndGet())
            .then())
        .bindNow(SETUP_TIMEOUT);
    server = bound;
    Connection connection = Loopback.framedClient(bound.port()).connectNow(SETUP_TIMEOUT);
    client = connection;
    Predicate<ByteBuf> flushEach = flush == RawFlush.EACH ? frame -> true : frame -> false;
    Flux<ByteBuf> frames = Flux.generate(sink -> sink.next(Unpooled.wrappedBuffer(payload)));
    sendLoop = SendLoop.start(
        stop -> connection.outbound().send(frames.takeUntilOther(stop), flushEach).then(),
        this::fail);
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
    Connection connection = client;
    if (connection != null) {
      client = null;
      connection.disposeNow(STOP_TIMEOUT);
    }
    DisposableServer bound = server;
    if (bound != null) {
      server = null;
      bound.disposeNow(STOP_TIMEOUT);
    }
  }
}
