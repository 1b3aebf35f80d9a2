package io.libonomy.p2p.server;

import io.libonomy.p2p.api.InvalidConfigException;
import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.server.ServerMeters.Dropped;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Request/response over one protocol of a {@link RequestChannel} (the TCP Switch or the UDP
 * mux): sends requests and matches their answers, and answers the peers' requests with the
 * handler registered for their message type.
 *
 * <pre>{@code
 * MessageServer rpc = MessageServer.on(node, "sync/1", Duration.ofSeconds(10), registry);
 * rpc.handle(1, req -> Mono.just(answer(req.payload())));
 * Mono<byte[]> reply = rpc.request(Endpoint.of(peerKey), 1, bytes);
 * }</pre>
 *
 * <h2>Requests</h2>
 * Each request gets a reqId that looks random (in 1..2^63−1, unique among the pending ones; a
 * SplitMix64 sequence whose start and step are drawn from a DRBG), not a visible counter, and
 * is bound to its destination: an answer counts only if it comes from
 * the destination's key — and, if the destination has a socket address (UDP), from that
 * address — with the same msgType. Any other RESPONSE or REQUEST_ERROR is dropped and counted,
 * and the request keeps waiting for the real answer. At most {@link Options#maxPendingRequests}
 * requests wait at once; beyond that a request fails at once.
 *
 * <h2>Handlers</h2>
 * A REQUEST for a message type without a handler is answered REQUEST_ERROR "no handler"; one
 * arriving while {@link Options#maxConcurrentHandlers} handlers run is answered "overloaded".
 * Otherwise the handler runs where {@link Options#handlerThread} says — by default on {@link
 * Schedulers#parallel()}, never on the channel's thread — and must not block either way (use
 * {@code boundedElastic} inside it for blocking work). Its outcome is answered to the sender:
 * <ul>
 *   <li>a value: a RESPONSE carrying it;
 *   <li>an error, a thrown exception or a {@code null} publisher: REQUEST_ERROR "handler
 *       failed" (the cause is logged at debug, never sent);
 *   <li>completion without a value: <em>no answer at all</em>, and the requester times out.
 *       This is how a handler ignores a request it will not serve (the discovery protocol,
 *       §5.6, must stay silent in several cases); to answer with no bytes, emit an empty
 *       array;
 *   <li>nothing within the request lifetime: the handler is cancelled, unanswered.
 * </ul>
 *
 * <h2>Timeouts</h2>
 * A request times out, and a handler is cut off, when the request lifetime has passed on the
 * {@link Options#timer}'s clock since it was sent or received: at that deadline, as precisely
 * as the timer runs its tasks (there is no sweep period to add). The server does not schedule
 * a timer task per request: since all its requests live equally long, it keeps their deadlines
 * in arrival order and has at most one task armed for the earliest (one for requests, one for
 * handlers), which expires what is overdue and re-arms for the next. An answered request does
 * not cancel that task; it runs once at the deadline it was armed for and then re-arms or, with
 * nothing pending, stops: an idle server has no timer task.
 *
 * <h2>Threading</h2>
 * All methods are thread-safe, and all but {@link #on} (which seeds the reqId generator) are
 * non-blocking. A request's {@code Mono} signals on the thread
 * that delivered its answer (usually the channel's event loop), on the timer's thread for a
 * timeout, or on the caller's thread for an immediate failure: move slow work elsewhere with
 * {@code publishOn}.
 *
 * <h2>Meters</h2>
 * All tagged {@code protocol}:
 * {@code p2p.requests{result=ok|remote_error|timeout|rejected|send_failed|cancelled|shutdown}},
 * timer {@code p2p.request.latency} (request sent to answer received), gauge
 * {@code p2p.requests.pending}, {@code p2p.requests.dropped{reason=unknown_request|wrong_peer|
 * wrong_msg_type|wrong_protocol|unexpected_kind|request_id_zero}},
 * {@code p2p.requests.rejected{reason=no_handler|overloaded}},
 * {@code p2p.requests.served{result=ok|failed|silent|timeout}} and
 * {@code p2p.requests.answers.failed}. The pending gauge belongs to the first open server of a
 * protocol on a registry.
 *
 * <h2>Lifecycle</h2>
 * {@link #on} subscribes to {@link RequestChannel#listen} at once: the server is running when
 * it returns. {@link #close()} ends it. If the listen stream completes (the channel shut down)
 * or fails (for example another listener holds the protocol), the server closes itself and
 * its requests fail with a {@link ShutdownException} carrying the cause.
 */
public final class MessageServer {

  private static final Logger log = LoggerFactory.getLogger(MessageServer.class);

  /**
   * Where a {@link MessageServer} runs its handlers ({@link Options#handlerThread}).
   */
  public enum HandlerThread {
    /**
     * On {@link Schedulers#parallel()} (looked up for each request), never on the channel's
     * thread: a handler that computes for a while does not hold up the connection's other
     * traffic. Costs a hand-off to a parallel worker and back per request.
     */
    PARALLEL,
    /**
     * On the thread that delivered the request — for TCP the connection's event loop — before
     * the next inbound envelope of that channel is read. Saves the hand-off, so a request
     * answered from memory costs no thread wake-up; only for handlers that return quickly and
     * never block (a slow one delays every message of the connection). Work subscribed on
     * another scheduler inside the handler still runs there.
     */
    CHANNEL
  }

  /**
   * Bounds, timer and handler thread of a {@link MessageServer}.
   *
   * @param maxPendingRequests requests that may wait for an answer at once (≥ 1; default
   *     {@value #DEFAULT_MAX_PENDING_REQUESTS})
   * @param maxConcurrentHandlers handlers that may run at once (≥ 1; default {@value
   *     #DEFAULT_MAX_CONCURRENT_HANDLERS})
   * @param timer where request timeouts and handler cut-offs are scheduled, and whose clock
   *     ({@link Scheduler#now}) they are measured on (default {@link Schedulers#parallel()};
   *     tests pass a virtual-time scheduler). A server keeps at most two tasks on it at a time,
   *     none once it has been idle for a request lifetime
   * @param handlerThread where handlers run (default {@link HandlerThread#PARALLEL})
   */
  public record Options(int maxPendingRequests, int maxConcurrentHandlers, Scheduler timer,
      HandlerThread handlerThread) {

    /** Default of {@link #maxPendingRequests()}. */
    public static final int DEFAULT_MAX_PENDING_REQUESTS = 10_000;
    /** Default of {@link #maxConcurrentHandlers()}. */
    public static final int DEFAULT_MAX_CONCURRENT_HANDLERS = 64;

    /** @throws InvalidConfigException naming the field if a bound is below 1 */
    public Options {
      if (maxPendingRequests < 1) {
        throw new InvalidConfigException(
            "maxPendingRequests must be >= 1, got " + maxPendingRequests);
      }
      if (maxConcurrentHandlers < 1) {
        throw new InvalidConfigException(
            "maxConcurrentHandlers must be >= 1, got " + maxConcurrentHandlers);
      }
      Objects.requireNonNull(timer, "timer");
      Objects.requireNonNull(handlerThread, "handlerThread");
    }

    /**
     * The defaults: 10,000 pending requests, 64 handlers, {@link Schedulers#parallel()} as
     * timer, handlers on {@link HandlerThread#PARALLEL}.
     */
    public static Options defaults() {
      return new Options(DEFAULT_MAX_PENDING_REQUESTS, DEFAULT_MAX_CONCURRENT_HANDLERS,
          Schedulers.parallel(), HandlerThread.PARALLEL);
    }

    /** A copy with {@link #maxPendingRequests()} = {@code value}. */
    public Options withMaxPendingRequests(int value) {
      return new Options(value, maxConcurrentHandlers, timer, handlerThread);
    }

    /** A copy with {@link #maxConcurrentHandlers()} = {@code value}. */
    public Options withMaxConcurrentHandlers(int value) {
      return new Options(maxPendingRequests, value, timer, handlerThread);
    }

    /** A copy with {@link #timer()} = {@code value}. */
    public Options withTimer(Scheduler value) {
      return new Options(maxPendingRequests, maxConcurrentHandlers, value, handlerThread);
    }

    /** A copy with {@link #handlerThread()} = {@code value}. */
    public Options withHandlerThread(HandlerThread value) {
      return new Options(maxPendingRequests, maxConcurrentHandlers, timer, value);
    }
  }

  private final RequestChannel channel;
  private final String protocol;
  private final ServerMeters meters;
  private final PendingRequests pending;
  private final RequestDispatcher dispatcher;
  private final Disposable.Swap listening = Disposables.swap();
  private final Mono<Void> close;
  private volatile @Nullable Throwable closeCause;

  private MessageServer(RequestChannel channel, String protocol, Duration lifetime,
      MeterRegistry registry, Options options) {
    this.channel = channel;
    this.protocol = protocol;
    this.meters = new ServerMeters(registry, protocol, this::pendingRequests);
    this.pending = new PendingRequests(channel, protocol, lifetime, options.timer(),
        options.maxPendingRequests(), meters);
    this.dispatcher = new RequestDispatcher(channel, protocol, lifetime, options.timer(),
        options.handlerThread(), options.maxConcurrentHandlers(), meters);
    this.close = Mono.<Void>fromRunnable(this::closeNow).cache();
  }

  /**
   * {@link #on(RequestChannel, String, Duration, MeterRegistry, Options)} with {@link
   * Options#defaults()}.
   *
   * @return the running server
   */
  public static MessageServer on(RequestChannel channel, String protocol,
      Duration requestLifetime, MeterRegistry registry) {
    return on(channel, protocol, requestLifetime, registry, Options.defaults());
  }

  /**
   * Creates a server for {@code protocol} and subscribes it to {@code channel.listen(protocol)}
   * right away. Seeds the reqId generator from the OS entropy source, so call it where blocking
   * briefly is allowed (not on an event loop).
   *
   * @param channel what requests and answers travel over
   * @param protocol the protocol name; this server becomes its only listener on {@code channel}
   * @param requestLifetime how long a request waits for its answer, and how long a handler may
   *     run
   * @param registry where the meters go
   * @param options bounds and timer
   * @return the running server
   * @throws InvalidConfigException if {@code requestLifetime} is not positive or {@code
   *     protocol} is empty
   */
  public static MessageServer on(RequestChannel channel, String protocol,
      Duration requestLifetime, MeterRegistry registry, Options options) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(requestLifetime, "requestLifetime");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(options, "options");
    if (protocol.isEmpty()) {
      throw new InvalidConfigException("protocol must not be empty");
    }
    if (requestLifetime.isNegative() || requestLifetime.isZero()) {
      throw new InvalidConfigException("requestLifetime must be positive, got " + requestLifetime);
    }
    MessageServer server = new MessageServer(channel, protocol, requestLifetime, registry,
        options);
    server.listening.update(channel.listen(protocol).subscribe(
        server::onInbound, server::onListenError, server::onListenComplete));
    return server;
  }

  /** The protocol this server serves. */
  public String protocol() {
    return protocol;
  }

  /**
   * Registers {@code handler} for requests of {@code msgType}, replacing the previous one; it
   * applies to requests arriving from now on. See the class comment for how the handler's
   * outcome is answered.
   *
   * @return this server
   * @throws IllegalArgumentException if {@code msgType} is negative
   */
  public MessageServer handle(int msgType, Function<Request, Mono<byte[]>> handler) {
    Objects.requireNonNull(handler, "handler");
    checkMsgType(msgType);
    dispatcher.handle(msgType, handler);
    return this;
  }

  /**
   * Registers {@code handler} for every msgType that has no handler of its own (an echo or a
   * proxy), replacing the previous one.
   *
   * @return this server
   */
  public MessageServer handleOthers(Function<Request, Mono<byte[]>> handler) {
    Objects.requireNonNull(handler, "handler");
    dispatcher.handleOthers(handler);
    return this;
  }

  /**
   * Sends a request and waits for its answer. Lazy: each subscription sends one request (with
   * its own reqId); nothing happens before. Cancelling the subscription forgets the request (a
   * later answer is dropped).
   *
   * <p>Completes with the RESPONSE's payload, or fails with:
   * <ul>
   *   <li>{@link io.libonomy.p2p.api.RemoteRequestException} — the peer answered REQUEST_ERROR;
   *   <li>{@link io.libonomy.p2p.api.RequestTimeoutException} — no answer within the request
   *       lifetime;
   *   <li>{@link io.libonomy.p2p.api.RequestRejectedException} — {@link
   *       Options#maxPendingRequests} requests are pending already (nothing was sent);
   *   <li>{@link ShutdownException} — the server is closed or closed while waiting;
   *   <li>the channel's error if sending failed (e.g. {@link
   *       io.libonomy.p2p.api.NotConnectedException}).
   * </ul>
   *
   * @param to the destination; over UDP it must carry the socket address
   * @param payload the request bytes, owned by the server from now on (not copied)
   * @throws IllegalArgumentException if {@code msgType} is negative
   */
  public Mono<byte[]> request(Endpoint to, int msgType, byte[] payload) {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(payload, "payload");
    checkMsgType(msgType);
    return Mono.create(sink -> pending.start(to, msgType, payload, sink));
  }

  /** Requests sent and waiting for an answer now. */
  public int pendingRequests() {
    return pending.size();
  }

  /** Handlers running now. */
  public int runningHandlers() {
    return dispatcher.running();
  }

  /**
   * Stops the server: cancels the listen subscription, cuts off running handlers without
   * answering, and fails every pending request with a {@link ShutdownException}; later {@link
   * #request} calls fail with one too. Lazy (acts on subscription) and idempotent: every
   * subscription completes, the first does the work. Never fails.
   */
  public Mono<Void> close() {
    return close;
  }

  private void closeNow() {
    listening.dispose();
    dispatcher.close();
    pending.close(closeCause);
    meters.close();
    log.debug("[{}][rpc] closed", protocol);
  }

  /** Runs on the channel's thread: must not block and must not throw (it would end listen). */
  private void onInbound(InboundEnvelope inbound) {
    Envelope envelope = inbound.envelope();
    try {
      if (!protocol.equals(envelope.protocol())) {
        meters.dropped(Dropped.WRONG_PROTOCOL);
        return;
      }
      switch (envelope.kind()) {
        case REQUEST -> dispatcher.onRequest(inbound.from(), envelope);
        case RESPONSE, REQUEST_ERROR -> pending.onAnswer(inbound.from(), envelope);
        default -> meters.dropped(Dropped.UNEXPECTED_KIND);
      }
    } catch (RuntimeException e) {
      // a requester's subscriber that throws must not take the server down with it
      log.debug("[{}][rpc] handling {} from {} failed", protocol, envelope.kind(),
          inbound.from(), e);
    }
  }

  private void onListenError(Throwable error) {
    log.debug("[{}][rpc] listen failed, closing: {}", protocol, error.toString());
    closeCause = error;
    closeSelf();
  }

  private void onListenComplete() {
    log.debug("[{}][rpc] channel closed the listen stream, closing", protocol);
    closeCause = new ShutdownException("[" + protocol + "] the request channel shut down");
    closeSelf();
  }

  private void closeSelf() {
    close.subscribe(null, e -> log.debug("[{}][rpc] close failed", protocol, e));
  }

  private static void checkMsgType(int msgType) {
    if (msgType < 0) {
      throw new IllegalArgumentException("msgType must be >= 0: " + msgType);
    }
  }

  @Override
  public String toString() {
    return "MessageServer[" + protocol + ", " + channel + "]";
  }
}
