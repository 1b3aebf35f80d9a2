package io.libonomy.p2p.net.tcp;

import io.libonomy.p2p.api.ConnectionClosedException;
import io.libonomy.p2p.api.CryptoException;
import io.libonomy.p2p.api.FrameTooLargeException;
import io.libonomy.p2p.api.HandshakeException;
import io.libonomy.p2p.api.MalformedMessageException;
import io.libonomy.p2p.api.ProtocolViolationException;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.crypto.SecretBox;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.EnvelopeKind;
import io.libonomy.p2p.net.WireCodec;
import io.libonomy.p2p.net.tcp.HandshakeCrypto.Established;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import java.nio.channels.NotYetConnectedException;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * The per-connection state machine of §5.2–§5.4, between the frame codec and Reactor Netty's
 * bridge. During the handshake it consumes frames itself (reading one frame at a time, since
 * Reactor Netty keeps auto-read off until someone subscribes) and offloads X25519 work to the
 * crypto scheduler; once established it decrypts every inbound frame into an {@link Envelope}
 * (in wire order, on the event loop). Outbound frames are sealed by the connection with
 * {@link #sendCipher()}.
 */
final class SessionHandler extends ChannelDuplexHandler {

  private static final Logger log = LoggerFactory.getLogger(SessionHandler.class);

  enum State { NEW, AWAIT_FRAME1, AWAIT_FRAME2, COMPUTING, AWAIT_HELLO, ESTABLISHED, CLOSED }

  /** Hooks of the accepting side: admission at connect and release of the pending slot. */
  interface Admission {
    /** Returns null when the connection may proceed, else the refusal reason. */
    @Nullable String tryAdmit(ChannelHandlerContext ctx);

    /** The handshake ended (either way); called at most once, only after a successful admit. */
    void handshakeEnded();

    /** The connection closed; called once, only after a successful admit. */
    void closed(ChannelHandlerContext ctx);
  }

  private final @Nullable PublicKey responderKey;
  private final @Nullable Admission admission;
  private final HandshakeParams params;
  private final TransportSettings settings;
  private final FrameDecoder decoder;
  private final Sinks.One<Established> result = Sinks.one();

  private State state = State.NEW;
  private boolean admitted;
  private HandshakeCrypto.@Nullable Initiation initiation;
  private @Nullable Established session;
  private @Nullable TransportCipher sender;
  private @Nullable TransportCipher receiver;
  private @Nullable ScheduledFuture<?> timeout;
  private @Nullable Runnable writabilityListener;

  private SessionHandler(@Nullable PublicKey responderKey, @Nullable Admission admission,
      HandshakeParams params, TransportSettings settings, FrameDecoder decoder) {
    this.responderKey = responderKey;
    this.admission = admission;
    this.params = params;
    this.settings = settings;
    this.decoder = decoder;
  }

  static SessionHandler initiator(PublicKey responder, HandshakeParams params,
      TransportSettings settings, FrameDecoder decoder) {
    return new SessionHandler(responder, null, params, settings, decoder);
  }

  static SessionHandler responder(Admission admission, HandshakeParams params,
      TransportSettings settings, FrameDecoder decoder) {
    return new SessionHandler(null, admission, params, settings, decoder);
  }

  /** Emits the session once established, or the reason the handshake failed. */
  Mono<Established> established() {
    return result.asMono();
  }

  /** The frame decoder this handler raises the limit of. */
  FrameDecoder decoder() {
    return decoder;
  }

  /** The outbound cipher, once established; the connection seals with it from then on. */
  TransportCipher sendCipher() {
    TransportCipher cipher = sender;
    if (cipher == null) {
      throw new IllegalStateException("session not established");
    }
    return cipher;
  }

  /** Runs {@code listener} on the event loop each time the channel becomes writable. */
  void onWritable(Runnable listener) {
    this.writabilityListener = listener;
  }

  private boolean isInitiator() {
    return responderKey != null;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (admission != null) {
      String refusal = admission.tryAdmit(ctx);
      if (refusal != null) {
        settings.metrics().refused(refusal);
        state = State.CLOSED;
        result.tryEmitError(new HandshakeRejected(refusal, "connection refused: " + refusal));
        ctx.close();
        return;
      }
      admitted = true;
    }
    ctx.fireChannelActive();
    timeout = ctx.executor().schedule(() -> fail(ctx, new HandshakeRejected("timeout",
        "no session within " + settings.sessionTimeout().toMillis() + " ms")),
        settings.sessionTimeout().toNanos(), TimeUnit.NANOSECONDS);
    if (isInitiator()) {
      state = State.COMPUTING;
      long now = settings.clock().millis();
      PublicKey responder = responderKey;
      offload(ctx, () -> HandshakeCrypto.initiate(params, responder, now, settings.entropy()),
          init -> {
            initiation = init;
            state = State.AWAIT_FRAME2;
            writeFrame(ctx, init.body1());
            ctx.read();
          });
    } else {
      state = State.AWAIT_FRAME1;
      ctx.read();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    byte[] body;
    try {
      settings.metrics().received(frame.readableBytes() + (long) FrameDecoder.LENGTH_FIELD);
      body = ByteBufUtil.getBytes(frame);
    } finally {
      frame.release();
    }
    switch (state) {
      case AWAIT_FRAME1 -> {
        state = State.COMPUTING;
        long now = settings.clock().millis();
        offload(ctx, () -> HandshakeCrypto.respond(params, body, now, settings.entropy()),
            response -> responded(ctx, response));
      }
      case AWAIT_FRAME2 -> {
        state = State.COMPUTING;
        HandshakeCrypto.Initiation init = initiation;
        offload(ctx, () -> HandshakeCrypto.finish(params, init, body),
            established -> initiatorDone(ctx, established));
      }
      case AWAIT_HELLO -> hello(ctx, body);
      case ESTABLISHED -> transportFrame(ctx, body);
      default -> fail(ctx, new HandshakeRejected("unexpected_frame",
          "frame received while " + state));
    }
  }

  private void responded(ChannelHandlerContext ctx, HandshakeCrypto.Response response) {
    SessionKeys keys = response.session().keys();
    session = response.session();
    receiver = new TransportCipher(keys.receiveKey(false));
    sender = new TransportCipher(keys.sendKey(false));
    state = State.AWAIT_HELLO;
    writeFrame(ctx, response.body2());
    ctx.read();
  }

  private void initiatorDone(ChannelHandlerContext ctx, Established established) {
    SessionKeys keys = established.keys();
    session = established;
    receiver = new TransportCipher(keys.receiveKey(true));
    sender = new TransportCipher(keys.sendKey(true));
    state = State.ESTABLISHED;
    decoder.raiseLimit(settings.maxFrameSize());
    ctx.writeAndFlush(seal(Envelope.hello()));
    complete(established);
  }

  private void hello(ChannelHandlerContext ctx, byte[] body) {
    Envelope first;
    try {
      first = WireCodec.decodeEnvelope(receiver.open(body, 0, body.length));
    } catch (CryptoException | MalformedMessageException e) {
      fail(ctx, new HandshakeRejected("hello", "first transport frame is not a valid HELLO", e));
      return;
    }
    if (!first.isHello()) {
      fail(ctx, new HandshakeRejected("not_hello", "first transport frame is not HELLO"));
      return;
    }
    state = State.ESTABLISHED;
    decoder.raiseLimit(settings.maxFrameSize());
    complete(session);
  }

  private void transportFrame(ChannelHandlerContext ctx, byte[] body) {
    Envelope envelope;
    try {
      // the body is this frame's own copy: open it in place and decode from there
      int length = receiver.openInPlace(body, 0, body.length);
      envelope = WireCodec.decodeEnvelope(body, SecretBox.TAG_LENGTH, length);
    } catch (CryptoException e) {
      violation(ctx, "bad_frame", "transport frame does not open (forged, replayed or reordered)");
      return;
    } catch (MalformedMessageException e) {
      violation(ctx, "malformed", "malformed envelope: " + e.getMessage());
      return;
    } catch (ProtocolViolationException e) {
      violation(ctx, "counter", e.getMessage());
      return;
    }
    if (envelope.kind() == EnvelopeKind.HELLO) {
      violation(ctx, "hello_after_handshake", "HELLO after the session was established");
      return;
    }
    ctx.fireChannelRead(envelope);
  }

  private ByteBuf seal(Envelope envelope) {
    byte[] body = sender.seal(WireCodec.encode(envelope));
    settings.metrics().sent(body.length + (long) FrameDecoder.LENGTH_FIELD);
    return Unpooled.wrappedBuffer(body);
  }

  private void writeFrame(ChannelHandlerContext ctx, byte[] body) {
    settings.metrics().sent(body.length + (long) FrameDecoder.LENGTH_FIELD);
    ctx.writeAndFlush(Unpooled.wrappedBuffer(body));
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Runnable listener = writabilityListener;
    if (listener != null && ctx.channel().isWritable()) {
      listener.run();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable error = cause instanceof DecoderException && cause.getCause() != null
        ? cause.getCause() : cause;
    if (error instanceof FrameTooLargeException || error instanceof TooLongFrameException) {
      String message = "frame too large: " + error.getMessage();
      if (state == State.ESTABLISHED) {
        violation(ctx, "frame_too_large", message);
      } else {
        fail(ctx, new HandshakeRejected("frame_too_large", message));
      }
    } else if (isConnectionLost(error)) {
      fail(ctx, new ConnectionClosedException("connection failed: " + error, error));
    } else {
      log.warn("[{}] unexpected pipeline error, closing", ctx.channel().id(), error);
      fail(ctx, new ConnectionClosedException("pipeline error: " + error, error));
    }
  }

  /**
   * Whether a pipeline error is the socket failing (reset, refused, not or no longer
   * connected): the connection closes like a peer that left, without a warning. Netty reports
   * a read on a socket the kernel no longer considers connected ({@code ENOTCONN}, seen when a
   * peer resets an accepted connection before its first read) as
   * {@link NotYetConnectedException}, which is not an {@link IOException}.
   */
  static boolean isConnectionLost(Throwable error) {
    return error instanceof IOException || error instanceof NotYetConnectedException;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (state != State.ESTABLISHED && state != State.CLOSED) {
      fail(ctx, new ConnectionClosedException("connection closed during the handshake"));
    }
    state = State.CLOSED;
    cancelTimeout();
    if (admitted) {
      admitted = false;
      admission.closed(ctx);
    }
    ctx.fireChannelInactive();
  }

  private void complete(Established established) {
    cancelTimeout();
    settings.metrics().handshakeOk();
    if (admission != null) {
      admission.handshakeEnded();
    }
    result.tryEmitValue(established);
  }

  private void violation(ChannelHandlerContext ctx, String reason, String message) {
    settings.metrics().violation(reason);
    fail(ctx, new ProtocolViolationException(message));
  }

  private void fail(ChannelHandlerContext ctx, Throwable cause) {
    if (state == State.CLOSED) {
      return;
    }
    boolean handshaking = state != State.ESTABLISHED;
    state = State.CLOSED;
    cancelTimeout();
    if (handshaking) {
      String reason = cause instanceof HandshakeRejected r ? r.reason() : "closed";
      settings.metrics().handshakeFailed(reason);
      if (admission != null && admitted) {
        admission.handshakeEnded();
      }
      if (log.isDebugEnabled()) {
        log.debug("[{}][handshake] {} with {}: {}", params.identity().publicKey().shortId(),
            reason, ctx.channel().remoteAddress(), cause.getMessage());
      }
      result.tryEmitError(cause instanceof HandshakeException || cause instanceof ConnectionClosedException
          ? cause : new HandshakeRejected(reason, cause.getMessage(), cause));
    } else if (log.isDebugEnabled()) {
      log.debug("[{}][session] closing {}: {}", params.identity().publicKey().shortId(),
          ctx.channel().remoteAddress(), cause.getMessage());
    }
    ctx.close();
  }

  private void cancelTimeout() {
    ScheduledFuture<?> t = timeout;
    if (t != null) {
      t.cancel(false);
      timeout = null;
    }
  }

  /** Runs {@code work} on the crypto scheduler and continues on the event loop. */
  private <T> void offload(ChannelHandlerContext ctx, Callable<T> work, Consumer<T> then) {
    Scheduler scheduler = settings.cryptoScheduler();
    try {
      scheduler.schedule(() -> {
        T value;
        try {
          value = work.call();
        } catch (Throwable e) {
          ctx.executor().execute(() -> fail(ctx, e));
          return;
        }
        ctx.executor().execute(() -> {
          if (state == State.COMPUTING) {
            then.accept(value);
          }
        });
      });
    } catch (RuntimeException rejected) {
      fail(ctx, new ConnectionClosedException("crypto scheduler unavailable", rejected));
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancelTimeout();
  }
}
