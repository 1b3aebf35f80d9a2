package io.libonomy.p2p.net.tcp;

import io.libonomy.p2p.api.ConnectionClosedException;
import io.libonomy.p2p.api.Direction;
import io.libonomy.p2p.api.SendTimeoutException;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.tcp.HandshakeCrypto.Established;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.netty.Connection;

/**
 * {@link SecureConnection} over a Reactor Netty {@link Connection} whose pipeline holds a
 * {@link SessionHandler}. Outbound sends are queued in call order and written by the event
 * loop only while the channel is writable, so a peer that does not read makes our sends
 * wait instead of growing Netty's outbound buffer.
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
  /** Sends not yet written, in call order; drained only on the event loop. */
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
    handler.onWritable(this::drain);
    connection.onDispose(() -> eventLoop.execute(this::failQueued));
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
    return Mono.<Void>create(sink -> {
          PendingSend send = new PendingSend(envelope, sink);
          sink.onCancel(() -> send.cancelled = true);
          if (queued.incrementAndGet() > settings.maxPendingSends()) {
            queued.decrementAndGet();
            sink.error(new SendTimeoutException("outbound queue to " + remoteKey().shortId()
                + " is full (" + settings.maxPendingSends() + " sends waiting): "
                + "the peer is not reading"));
            return;
          }
          queue.add(send);
          scheduleDrain();
        })
        .timeout(settings.sendTimeout(), Mono.error(() -> new SendTimeoutException(
            "send to " + remoteKey().shortId() + " not written within "
                + settings.sendTimeout().toMillis() + " ms: the peer is not reading")));
  }

  /**
   * Sends are written in the order they were queued, whichever thread queued them: the
   * queue is the single ordering point and only the event loop drains it.
   */
  private void scheduleDrain() {
    if (eventLoop.inEventLoop()) {
      drain();
    } else if (drainScheduled.compareAndSet(false, true)) {
      eventLoop.execute(() -> {
        drainScheduled.set(false);
        drain();
      });
    }
  }

  private void drain() {
    if (!channel.isActive()) {
      failQueued();
      return;
    }
    PendingSend send;
    while (channel.isWritable() && (send = queue.poll()) != null) {
      queued.decrementAndGet();
      if (!send.cancelled) {
        write(send);
      }
    }
  }

  private void failQueued() {
    PendingSend send;
    while ((send = queue.poll()) != null) {
      queued.decrementAndGet();
      send.sink.error(closed());
    }
  }

  private void write(PendingSend send) {
    channel.writeAndFlush(send.envelope).addListener(future -> {
      if (future.isSuccess()) {
        send.sink.success();
      } else {
        send.sink.error(new ConnectionClosedException(
            "write to " + remoteKey().shortId() + " failed: " + future.cause(), future.cause()));
      }
    });
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

  private static final class PendingSend {
    final Envelope envelope;
    final MonoSink<Void> sink;
    volatile boolean cancelled;

    PendingSend(Envelope envelope, MonoSink<Void> sink) {
      this.envelope = envelope;
      this.sink = sink;
    }
  }
}
