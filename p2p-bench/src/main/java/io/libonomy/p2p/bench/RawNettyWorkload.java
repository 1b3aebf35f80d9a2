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
  private @Nullable RawLink link;
  private @Nullable SendLoop sendLoop;

  RawNettyWorkload(byte[] payload, RawFlush flush) {
    this.payload = Objects.requireNonNull(payload, "payload");
    this.flush = Objects.requireNonNull(flush, "flush");
  }

  @Override
  public void start() {
    RawLink opened = RawLink.open(
        Loopback.framedServer().handle((in, out) -> in.receive()
            .doOnNext(frame -> received.incrementAndGet())
            .then()),
        client -> client,
        SETUP_TIMEOUT);
    link = opened;
    Connection connection = opened.client();
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
    RawLink opened = link;
    if (opened != null) {
      link = null;
      opened.dispose(STOP_TIMEOUT);
    }
  }
}
