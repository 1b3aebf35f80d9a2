package io.libonomy.p2p.net.tcp;

import io.libonomy.p2p.api.ConnectionClosedException;
import io.libonomy.p2p.api.Direction;
import io.libonomy.p2p.api.ProtocolViolationException;
import io.libonomy.p2p.api.SendTimeoutException;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.net.EncodedEnvelope;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.WireCodec;
import io.libonomy.p2p.net.tcp.HandshakeCrypto.Established;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.netty.Connection;

/**
 * {@link SecureConnection} over a Reactor Netty {@link Connection} whose pipeline holds a
 * {@link SessionHandler}.
 *
 * <p>Outbound: a send encodes and seals its frame on the calling thread (so crypto does not
 * serialise on the event loop), with a counter reserved under a short lock; the event loop
 * writes frames in counter order and only while the channel is writable, so a peer that does
 * not read makes our sends wait instead of growing Netty's outbound buffer. A frame that
 * waits longer than the send timeout means the peer stopped reading: the connection is
 * closed and every waiting send fails with {@link SendTimeoutException}. Once its counter is
 * reserved a frame is always written (cancelling the send does not withdraw it: a gap in the
 * counters would break the session).
 */
final class NettySecureConnection implements SecureConnection {

  private final Connection connection;
  private final Channel channel;
  private final EventLoop eventLoop;
  private final Established session;
  private final PublicKey initiatorKey;
  private final Direction direction;
  private final InetSocketAddress remoteAddress;
  private final TransportSettings settings;
  private final TransportCipher cipher;
  private final Object sendLock = new Object();
  /** Sends not yet written, in counter order; drained only on the event loop. */
  private final Queue<PendingSend> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();

  NettySecureConnection(Connection connection, SessionHandler handler, Established session,
      PublicKey localKey, Direction direction, TransportSettings settings) {
    this.connection = connection;
    this.channel = connection.channel();
    this.eventLoop = channel.eventLoop();
    this.session = session;
    this.direction = direction;
    this.initiatorKey = direction == Direction.OUTBOUND ? localKey : session.remoteKey();
    this.remoteAddress = (InetSocketAddress) channel.remoteAddress();
    this.settings = settings;
    this.cipher = handler.sendCipher();
    handler.onWritable(this::drain);
    long period = Math.max(50, Math.min(1_000, settings.sendTimeout().toMillis() / 4));
    ScheduledFuture<?> watchdog = eventLoop.scheduleAtFixedRate(this::checkStalled, period,
        period, TimeUnit.MILLISECONDS);
    connection.onDispose(() -> {
      watchdog.cancel(false);
      eventLoop.execute(() -> failQueued(closed()));
    });
  }

  @Override
  public PublicKey remoteKey() {
    return session.remoteKey();
  }

  @Override
  public PublicKey initiatorKey() {
    return initiatorKey;
  }

  @Override
  public Direction direction() {
    return direction;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  @Override
  public int remoteListenPort() {
    return session.remoteListenPort();
  }

  @Override
  public String remoteClientVersion() {
    return session.remoteClientVersion();
  }

  @Override
  public Flux<Envelope> inbound() {
    return connection.inbound().receiveObject().cast(Envelope.class);
  }

  @Override
  public Mono<Void> send(Envelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    return Mono.create(sink -> enqueue(WireCodec.encode(envelope), sink));
  }

  @Override
  public Mono<Void> send(EncodedEnvelope encoded) {
    Objects.requireNonNull(encoded, "encoded");
    return Mono.create(sink -> enqueue(encoded.plaintext(), sink));
  }

  private void enqueue(byte[] plaintext, MonoSink<Void> sink) {
    if (!channel.isActive()) {
      sink.error(closed());
      return;
    }
    if (queued.incrementAndGet() > settings.maxPendingSends()) {
      queued.decrementAndGet();
      sink.error(new SendTimeoutException("outbound queue to " + remoteKey().shortId()
          + " is full (" + settings.maxPendingSends() + " sends waiting): "
          + "the peer is not reading"));
      return;
    }
    PendingSend send = new PendingSend(sink, System.nanoTime());
    long counter;
    synchronized (sendLock) {
      try {
        counter = cipher.reserve();
      } catch (ProtocolViolationException e) {
        queued.decrementAndGet();
        sink.error(e);
        close();
        return;
      }
      queue.add(send);
    }
    // sealing happens on the sending thread, outside the lock; the frame keeps its place
    send.frame = cipher.sealAt(counter, plaintext);
    scheduleDrain();
  }

  /**
   * Frames are written in counter order (the order their counters were reserved), whichever
   * thread sealed them: the queue is the single ordering point and only the event loop
   * drains it, stopping at a frame whose sender has not finished sealing. A drain always runs
   * as its own event-loop task, so the sends made while completing a batch (a sender that
   * sends again when a send completes) are written together with one flush.
   */
  private void scheduleDrain() {
    if (drainScheduled.compareAndSet(false, true)) {
      eventLoop.execute(() -> {
        drainScheduled.set(false);
        drain();
      });
    }
  }

  private void drain() {
    if (!channel.isActive()) {
      failQueued(closed());
      return;
    }
    List<PendingSend> batch = null;
    byte[] last = null;
    PendingSend head;
    while (channel.isWritable() && (head = queue.peek()) != null) {
      byte[] frame = head.frame;
      if (frame == null) {
        break;
      }
      queue.poll();
      queued.decrementAndGet();
      if (last != null) {
        // every frame but the batch's last goes without a promise of its own: frames are
        // written in order, so the last one's completion completes the whole batch, and a
        // failed write closes the channel, which fails the last one too
        channel.write(Unpooled.wrappedBuffer(last), channel.voidPromise());
      }
      if (batch == null) {
        batch = new ArrayList<>(4);
      }
      batch.add(head);
      last = frame;
      settings.metrics().sent(frame.length + (long) FrameDecoder.LENGTH_FIELD);
    }
    if (last != null) {
      List<PendingSend> written = batch;
      channel.writeAndFlush(Unpooled.wrappedBuffer(last)).addListener(future -> {
        if (future.isSuccess()) {
          written.forEach(send -> send.sink.success());
        } else {
          ConnectionClosedException error = new ConnectionClosedException(
              "write to " + remoteKey().shortId() + " failed: " + future.cause(), future.cause());
          written.forEach(send -> send.sink.error(error));
        }
      });
    }
  }

  /** Closes a connection whose oldest unwritten frame waited longer than the send timeout. */
  private void checkStalled() {
    PendingSend head = queue.peek();
    if (head != null && System.nanoTime() - head.queuedAt > settings.sendTimeout().toNanos()) {
      failQueued(new SendTimeoutException("send to " + remoteKey().shortId()
          + " not written within " + settings.sendTimeout().toMillis()
          + " ms: the peer is not reading; closing the connection"));
      close();
    }
  }

  private void failQueued(RuntimeException cause) {
    PendingSend send;
    while ((send = queue.poll()) != null) {
      queued.decrementAndGet();
      send.sink.error(cause);
    }
  }

  private ConnectionClosedException closed() {
    return new ConnectionClosedException("connection to " + remoteKey().shortId() + " is closed");
  }

  @Override
  public Mono<Void> onClose() {
    return connection.onDispose();
  }

  @Override
  public void close() {
    connection.dispose();
  }

  @Override
  public boolean isOpen() {
    return channel.isActive();
  }

  @Override
  public String toString() {
    return "SecureConnection[" + direction.tag() + " " + remoteKey().shortId() + " "
        + remoteAddress + "]";
  }

  /** A send whose counter is reserved; {@code frame} is set once it is sealed. */
  private static final class PendingSend {
    final MonoSink<Void> sink;
    final long queuedAt;
    volatile byte @Nullable [] frame;

    PendingSend(MonoSink<Void> sink, long queuedAt) {
      this.sink = sink;
      this.queuedAt = queuedAt;
    }
  }
}
