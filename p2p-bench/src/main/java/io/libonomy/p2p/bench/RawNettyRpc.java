package io.libonomy.p2p.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The request/response floor: plain Reactor Netty on 127.0.0.1, one connection with the wire
 * framing of §5.1 ({@link Loopback}), no handshake, no codec, no crypto. The server echoes each
 * frame body it decodes ({@code out.send(in.receive().retain())}); the client writes the body
 * and completes the oldest outstanding request with each frame it gets back, copied into a
 * {@code byte[]} (one connection, answers in request order). Both pipelines start with the
 * {@link FlushConsolidationHandler} the library's transport uses, so flushes made while a read
 * is in progress become one.
 */
final class RawNettyRpc implements RpcSubject {

  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final int EXPLICIT_FLUSH_AFTER_FLUSHES = 256;

  private final byte[] body;
  /** Requests written and not yet answered, oldest first; touched only on the event loop. */
  private final ArrayDeque<MonoSink<byte[]>> outstanding = new ArrayDeque<>();
  private @Nullable RawLink link;
  private @Nullable Disposable answers;

  /** @param body the frame body of every request and answer, sent as is */
  RawNettyRpc(byte[] body) {
    this.body = Objects.requireNonNull(body, "body");
  }

  @Override
  public void start() {
    RawLink opened = RawLink.open(
        Loopback.framedServer()
            .doOnConnection(c -> consolidateFlushes(c.channel()))
            .handle((in, out) -> out.send(in.receive().retain())),
        client -> client.doOnConnected(c -> consolidateFlushes(c.channel())),
        SETUP_TIMEOUT);
    link = opened;
    answers = opened.client().inbound().receive().subscribe(this::onAnswer,
        this::failOutstanding,
        () -> failOutstanding(new IllegalStateException("raw-netty: connection closed")));
  }

  private static void consolidateFlushes(Channel channel) {
    channel.pipeline().addFirst("flush",
        new FlushConsolidationHandler(EXPLICIT_FLUSH_AFTER_FLUSHES, true));
  }

  @Override
  public Mono<byte[]> request() {
    RawLink opened = link;
    if (opened == null) {
      return Mono.error(new IllegalStateException("raw-netty: request before start"));
    }
    Channel channel = opened.client().channel();
    return Mono.create(sink -> {
      if (channel.eventLoop().inEventLoop()) {
        write(channel, sink);
      } else {
        channel.eventLoop().execute(() -> write(channel, sink));
      }
    });
  }

  // On the event loop, so the order of the outstanding queue is the order on the wire.
  private void write(Channel channel, MonoSink<byte[]> sink) {
    if (!channel.isActive()) {
      sink.error(new IllegalStateException("raw-netty: connection closed"));
      return;
    }
    outstanding.add(sink);
    channel.writeAndFlush(Unpooled.wrappedBuffer(body), channel.voidPromise());
  }

  private void onAnswer(ByteBuf frame) {
    MonoSink<byte[]> sink = outstanding.poll();
    if (sink == null) {
      throw new IllegalStateException("raw-netty: an answer without a request");
    }
    sink.success(ByteBufUtil.getBytes(frame));
  }

  private void failOutstanding(Throwable error) {
    MonoSink<byte[]> sink;
    while ((sink = outstanding.poll()) != null) {
      sink.error(error);
    }
  }

  @Override
  public void close() {
    Disposable subscription = answers;
    if (subscription != null) {
      answers = null;
      subscription.dispose();
    }
    RawLink opened = link;
    if (opened != null) {
      link = null;
      opened.dispose(STOP_TIMEOUT);
    }
  }
}
