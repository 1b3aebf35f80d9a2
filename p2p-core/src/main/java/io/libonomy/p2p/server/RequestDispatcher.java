package io.libonomy.p2p.server;

import io.libonomy.p2p.api.RemoteRequestException;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.server.MessageServer.HandlerThread;
import io.libonomy.p2p.server.ServerMeters.Dropped;
import io.libonomy.p2p.server.ServerMeters.Rejected;
import io.libonomy.p2p.server.ServerMeters.Served;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The responder side of a {@link MessageServer}: runs the handler registered for an inbound
 * REQUEST's message type where {@link HandlerThread} says and answers the sender.
 *
 * <p>At most {@code maxRunning} handlers run at once; a request beyond that is answered
 * "overloaded" at once, so a flood of requests costs a REQUEST_ERROR each and never a queue.
 * A handler that has not finished after the request lifetime is cancelled without an answer
 * (its requester has given up by then); the cut-offs are {@link Deadlines}, not a timer task
 * per request.
 */
final class RequestDispatcher {

  private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

  private final RequestChannel channel;
  private final String protocol;
  private final HandlerThread handlerThread;
  private final int maxRunning;
  private final ServerMeters meters;
  private final Map<Integer, Function<Request, Mono<byte[]>>> handlers =
      new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();
  private final Deadlines deadlines;
  private volatile boolean closed;

  RequestDispatcher(RequestChannel channel, String protocol, Duration lifetime, Scheduler timer,
      HandlerThread handlerThread, int maxRunning, ServerMeters meters) {
    this.channel = channel;
    this.protocol = protocol;
    this.handlerThread = handlerThread;
    this.maxRunning = maxRunning;
    this.meters = meters;
    this.deadlines = new Deadlines(protocol, timer, lifetime);
  }

  /** Handles every msgType without a handler of its own; null: none. */
  private volatile @Nullable Function<Request, Mono<byte[]>> others;

  void handle(int msgType, Function<Request, Mono<byte[]>> handler) {
    handlers.put(msgType, handler);
  }

  void handleOthers(Function<Request, Mono<byte[]>> handler) {
    others = handler;
  }

  int running() {
    return running.get();
  }

  /** Called on the channel's thread: decides at once, runs the handler where configured. */
  void onRequest(Endpoint from, Envelope request) {
    if (closed) {
      return;
    }
    if (request.reqId() < 1) {
      meters.dropped(Dropped.REQUEST_ID_ZERO);
      return;
    }
    Function<Request, Mono<byte[]>> handler = handlers.getOrDefault(request.msgType(), others);
    if (handler == null) {
      refuse(from, request, Rejected.NO_HANDLER, RemoteRequestException.NO_HANDLER);
    } else if (running.incrementAndGet() > maxRunning) {
      running.decrementAndGet();
      refuse(from, request, Rejected.OVERLOADED, RemoteRequestException.OVERLOADED);
    } else {
      run(handler, from, request);
    }
  }

  /** Cuts off every running handler (no answers are sent for them); idempotent. */
  void close() {
    closed = true;
    for (Deadlines.Entry run : deadlines.removeAll()) {
      ((HandlerRun) run).cutOff();
    }
  }

  private void run(Function<Request, Mono<byte[]>> handler, Endpoint from, Envelope request) {
    HandlerRun run = new HandlerRun(from, request);
    try {
      deadlines.add(run);
    } catch (RejectedExecutionException e) {
      running.decrementAndGet();
      failed(from, request, e); // the timer is shut down: no handler runs without a cut-off
      return;
    }
    if (closed) { // close() ran meanwhile and may have missed this run
      run.cutOff();
      return;
    }
    Request req = new Request(from, request.msgType(), request.payload());
    // defer: a throwing or null-returning handler signals an error
    Mono<byte[]> outcome = Mono.defer(() -> handler.apply(req));
    if (handlerThread == HandlerThread.PARALLEL) {
      outcome = outcome.subscribeOn(Schedulers.parallel());
    }
    outcome.subscribe(run);
  }

  private void respond(Endpoint from, Envelope request, byte[] bytes) {
    meters.served(Served.OK);
    send(from, Envelope.response(protocol, request.msgType(), request.reqId(), bytes));
  }

  private void failed(Endpoint from, Envelope request, Throwable error) {
    if (log.isDebugEnabled()) {
      log.debug("[{}][rpc] handler for msgType {} from {} failed: {}", protocol,
          request.msgType(), from, error.toString());
    }
    meters.served(Served.FAILED);
    send(from, Envelope.requestError(protocol, request.msgType(), request.reqId(),
        RemoteRequestException.HANDLER_FAILED));
  }

  private void refuse(Endpoint from, Envelope request, Rejected why, String reason) {
    meters.rejected(why);
    send(from, Envelope.requestError(protocol, request.msgType(), request.reqId(), reason));
  }

  private void send(Endpoint to, Envelope answer) {
    Mono.defer(() -> channel.send(to, answer)).subscribe(null, e -> {
      meters.answerFailed();
      if (log.isDebugEnabled()) {
        log.debug("[{}][rpc] could not send {} reqId {} to {}: {}", protocol, answer.kind(),
            answer.reqId(), to, e.toString());
      }
    });
  }

  /**
   * One handler run: subscribes to the handler's {@code Mono}, holds a running-handler slot
   * and a deadline, and ends exactly once — by the handler's outcome, its deadline or close —
   * releasing both before anything is answered (a requester that goes again at once finds the
   * slot free).
   */
  private final class HandlerRun extends Deadlines.Entry implements CoreSubscriber<byte[]> {
    private static final AtomicIntegerFieldUpdater<HandlerRun> ENDED =
        AtomicIntegerFieldUpdater.newUpdater(HandlerRun.class, "ended");
    private static final AtomicReferenceFieldUpdater<HandlerRun, Subscription> SUBSCRIPTION =
        AtomicReferenceFieldUpdater.newUpdater(HandlerRun.class, Subscription.class,
            "subscription");

    private final Endpoint from;
    private final Envelope request;
    private volatile int ended;
    private volatile @Nullable Subscription subscription;

    HandlerRun(Endpoint from, Envelope request) {
      this.from = from;
      this.request = request;
    }

    @Override
    public void onSubscribe(Subscription s) {
      if (Operators.setOnce(SUBSCRIPTION, this, s)) {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(byte[] bytes) {
      if (end()) {
        respond(from, request, bytes);
      }
    }

    @Override
    public void onError(Throwable error) {
      if (end()) {
        failed(from, request, error);
      }
    }

    @Override
    public void onComplete() {
      if (end()) {
        meters.served(Served.SILENT); // completed empty: no answer
      }
    }

    /** The request lifetime passed: cancel the handler, answer nothing. */
    @Override
    void expire() {
      if (end()) {
        Operators.terminate(SUBSCRIPTION, this);
        meters.served(Served.TIMEOUT);
      }
    }

    /** Closing: cancel the handler, answer and count nothing. */
    void cutOff() {
      if (end()) {
        Operators.terminate(SUBSCRIPTION, this);
      }
    }

    private boolean end() {
      if (!ENDED.compareAndSet(this, 0, 1)) {
        return false;
      }
      deadlines.remove(this);
      running.decrementAndGet();
      return true;
    }
  }
}
