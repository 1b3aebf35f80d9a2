package io.libonomy.p2p.server;

import io.libonomy.p2p.api.RemoteRequestException;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.server.ServerMeters.Dropped;
import io.libonomy.p2p.server.ServerMeters.Rejected;
import io.libonomy.p2p.server.ServerMeters.Served;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The responder side of a {@link MessageServer}: runs the handler registered for an inbound
 * REQUEST's message type on {@link Schedulers#parallel()} and answers the sender.
 *
 * <p>At most {@code maxRunning} handlers run at once; a request beyond that is answered
 * "overloaded" at once, so a flood of requests costs a REQUEST_ERROR each and never a queue.
 * A handler that has not finished after the request lifetime is cancelled without an answer
 * (its requester has given up by then).
 */
final class RequestDispatcher {

  private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

  private final RequestChannel channel;
  private final String protocol;
  private final Duration lifetime;
  private final Scheduler timer;
  private final int maxRunning;
  private final ServerMeters meters;
  private final Map<Integer, Function<Request, Mono<byte[]>>> handlers =
      new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();
  /** Empties on close; every running handler is cut off by it. */
  private final Sinks.Empty<Void> closing = Sinks.empty();

  RequestDispatcher(RequestChannel channel, String protocol, Duration lifetime, Scheduler timer,
      int maxRunning, ServerMeters meters) {
    this.channel = channel;
    this.protocol = protocol;
    this.lifetime = lifetime;
    this.timer = timer;
    this.maxRunning = maxRunning;
    this.meters = meters;
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

  /** Called on the channel's thread: decides at once, runs the handler elsewhere. */
  void onRequest(Endpoint from, Envelope request) {
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

  /** Cuts off every running handler (no answers are sent for them). */
  void close() {
    closing.tryEmitEmpty(); // FAIL_TERMINATED on a second call is the idempotence we want
  }

  private void run(Function<Request, Mono<byte[]>> handler, Endpoint from, Envelope request) {
    Request req = new Request(from, request.msgType(), request.payload());
    Slot slot = new Slot();
    Mono.defer(() -> handler.apply(req)) // a throwing or null-returning handler signals an error
        .subscribeOn(Schedulers.parallel())
        .map(bytes -> Outcome.answer(Served.OK, Envelope.response(
            protocol, request.msgType(), request.reqId(), bytes)))
        .timeout(lifetime, Mono.just(Outcome.TIMED_OUT), timer)
        .onErrorResume(e -> Mono.just(failed(from, request, e)))
        .defaultIfEmpty(Outcome.SILENT)
        .takeUntilOther(closing.asMono())
        .doFinally(signal -> slot.release())
        .subscribe(outcome -> finish(slot, from, outcome),
            e -> log.debug("[{}][rpc] handler pipeline failed", protocol, e));
  }

  private Outcome failed(Endpoint from, Envelope request, Throwable error) {
    if (log.isDebugEnabled()) {
      log.debug("[{}][rpc] handler for msgType {} from {} failed: {}", protocol,
          request.msgType(), from, error.toString());
    }
    return Outcome.answer(Served.FAILED, Envelope.requestError(protocol, request.msgType(),
        request.reqId(), RemoteRequestException.HANDLER_FAILED));
  }

  private void finish(Slot slot, Endpoint from, Outcome outcome) {
    slot.release(); // before answering: a requester that goes again at once finds it free
    meters.served(outcome.result());
    Envelope answer = outcome.answer();
    if (answer != null) {
      send(from, answer);
    }
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

  /** One handler's hold on a running-handler slot, released exactly once. */
  private final class Slot extends AtomicBoolean {
    void release() {
      if (compareAndSet(false, true)) {
        running.decrementAndGet();
      }
    }
  }

  /** What a handler run ended with, and the envelope to send, if any. */
  private record Outcome(Served result, @Nullable Envelope answer) {
    static final Outcome TIMED_OUT = new Outcome(Served.TIMEOUT, null);
    static final Outcome SILENT = new Outcome(Served.SILENT, null);

    static Outcome answer(Served result, Envelope answer) {
      return new Outcome(result, answer);
    }
  }
}
