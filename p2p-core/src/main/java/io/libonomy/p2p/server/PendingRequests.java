package io.libonomy.p2p.server;

import io.libonomy.p2p.crypto.Entropy;
import io.libonomy.p2p.api.RemoteRequestException;
import io.libonomy.p2p.api.RequestRejectedException;
import io.libonomy.p2p.api.RequestTimeoutException;
import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.EnvelopeKind;
import io.libonomy.p2p.server.ServerMeters.Dropped;
import io.libonomy.p2p.server.ServerMeters.Result;
import io.micrometer.core.instrument.Timer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * The requester side of a {@link MessageServer}: the bounded table of requests waiting for an
 * answer, keyed by a random reqId and bound to the endpoint the request went to. Timeouts are
 * {@link Deadlines}: no timer task per request.
 *
 * <p>Whoever removes an entry from the table (answer, timeout, cancellation, send failure or
 * close) owns its completion, so every request completes exactly once and its slot is freed
 * before its subscriber hears the outcome.
 */
final class PendingRequests {

  private static final Logger log = LoggerFactory.getLogger(PendingRequests.class);

  private enum State { OPEN, CLOSED }

  private final RequestChannel channel;
  private final String protocol;
  private final Duration lifetime;
  private final int maxPending;
  private final ServerMeters meters;
  private final AtomicLong idState;
  private final long idGamma;
  private final Deadlines deadlines;
  private final Map<Long, Pending> table = new ConcurrentHashMap<>();
  private final AtomicInteger reserved = new AtomicInteger();
  private volatile State state = State.OPEN;
  private volatile @Nullable Throwable closeCause;

  PendingRequests(RequestChannel channel, String protocol, Duration lifetime, Scheduler timer,
      int maxPending, ServerMeters meters) {
    this.channel = channel;
    this.protocol = protocol;
    this.lifetime = lifetime;
    this.maxPending = maxPending;
    this.meters = meters;
    this.deadlines = new Deadlines(protocol, timer, lifetime);
    SecureRandom seed = Entropy.seededDrbg();
    this.idState = new AtomicLong(seed.nextLong());
    this.idGamma = seed.nextLong() | 1;
  }

  int size() {
    return reserved.get();
  }

  /** Registers a request with its deadline and sends it; {@code sink} gets the outcome. */
  void start(Endpoint to, int msgType, byte[] payload, MonoSink<byte[]> sink) {
    if (state == State.CLOSED) {
      meters.result(Result.SHUTDOWN);
      sink.error(shutdown());
      return;
    }
    if (reserved.incrementAndGet() > maxPending) {
      reserved.decrementAndGet();
      meters.result(Result.REJECTED);
      sink.error(new RequestRejectedException("[" + protocol + "] " + maxPending
          + " requests are pending already; not sending msgType " + msgType + " to " + to));
      return;
    }
    Pending p = insert(to, msgType, sink);
    try {
      deadlines.add(p);
    } catch (RejectedExecutionException e) {
      complete(p, Result.SHUTDOWN, new ShutdownException("[" + protocol + "] timer rejected", e));
      return;
    }
    sink.onCancel(() -> complete(p, Result.CANCELLED, null));
    if (state == State.CLOSED) { // close() ran while we inserted and may have missed p
      complete(p, Result.SHUTDOWN, shutdown());
      return;
    }
    Envelope request = Envelope.request(protocol, msgType, p.id, payload);
    Mono.defer(() -> channel.send(to, request))
        .subscribe(null, e -> complete(p, Result.SEND_FAILED, e));
  }

  /** An answer from {@code from}: completes its request if it matches, else drops it. */
  void onAnswer(Endpoint from, Envelope answer) {
    Pending p = table.get(answer.reqId());
    if (p == null) {
      drop(Dropped.UNKNOWN_REQUEST, from, answer);
    } else if (!p.answerableBy(from)) {
      drop(Dropped.WRONG_PEER, from, answer); // the entry stays for the real answer
    } else if (p.msgType != answer.msgType()) {
      drop(Dropped.WRONG_MSG_TYPE, from, answer);
    } else if (!claim(p)) {
      drop(Dropped.UNKNOWN_REQUEST, from, answer); // it expired or was cancelled meanwhile
    } else {
      completeWithAnswer(p, from, answer);
    }
  }

  private void completeWithAnswer(Pending p, Endpoint from, Envelope answer) {
    p.started.stop(meters.latency());
    if (answer.kind() == EnvelopeKind.RESPONSE) {
      meters.result(Result.OK);
      p.sink.success(answer.payload());
    } else {
      meters.result(Result.REMOTE_ERROR);
      String reason = reason(answer.payload());
      p.sink.error(new RemoteRequestException("[" + protocol + "] " + from
          + " failed msgType " + p.msgType + ": " + reason, reason));
    }
  }

  private void drop(Dropped reason, Endpoint from, Envelope answer) {
    meters.dropped(reason);
    if (log.isDebugEnabled()) {
      log.debug("[{}][rpc] dropped {} reqId {} from {}: {}", protocol, answer.kind(),
          answer.reqId(), from, ServerMeters.tag(reason));
    }
  }

  /** Refuses new requests and fails every pending one with a {@link ShutdownException}. */
  void close(@Nullable Throwable cause) {
    closeCause = cause;
    state = State.CLOSED;
    for (Pending p : table.values()) {
      complete(p, Result.SHUTDOWN, shutdown());
    }
  }

  private Pending insert(Endpoint to, int msgType, MonoSink<byte[]> sink) {
    Timer.Sample started = meters.startLatency();
    while (true) {
      Pending p = new Pending(nextId(), to, msgType, sink, started);
      if (table.putIfAbsent(p.id, p) == null) {
        return p;
      }
    }
  }

  /** Completes {@code p} unless someone else did: with {@code error}, or silently if null. */
  private void complete(Pending p, Result result, @Nullable Throwable error) {
    if (!claim(p)) {
      return;
    }
    meters.result(result);
    if (error != null) {
      p.sink.error(error);
    }
  }

  private boolean claim(Pending p) {
    if (!table.remove(p.id, p)) {
      return false;
    }
    reserved.decrementAndGet();
    deadlines.remove(p);
    return true;
  }

  private ShutdownException shutdown() {
    return new ShutdownException("[" + protocol + "] message server is closed", closeCause);
  }

  /**
   * An id in 1..2^63−1 that an off-path party cannot guess: SplitMix64 (the generator of
   * {@link java.util.SplittableRandom}) over an atomic counter, with its start and odd step
   * drawn from the DRBG. Lock-free and allocation-free; answers are matched to their
   * destination's key anyway, so a guessed id alone forges nothing.
   */
  private long nextId() {
    long id;
    do {
      id = mix64(idState.addAndGet(idGamma)) >>> 1;
    } while (id == 0);
    return id;
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** The reason text of a REQUEST_ERROR: at most 256 bytes, malformed UTF-8 replaced. */
  private static String reason(byte[] payload) {
    int length = Math.min(payload.length, Envelope.MAX_ERROR_REASON_BYTES);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(payload, 0, length)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder does not throw", e);
    }
  }

  private final class Pending extends Deadlines.Entry {
    final long id;
    final Endpoint to;
    final int msgType;
    final MonoSink<byte[]> sink;
    final Timer.Sample started;

    Pending(long id, Endpoint to, int msgType, MonoSink<byte[]> sink, Timer.Sample started) {
      this.id = id;
      this.to = to;
      this.msgType = msgType;
      this.sink = sink;
      this.started = started;
    }

    @Override
    void expire() {
      complete(this, Result.TIMEOUT, new RequestTimeoutException("[" + protocol
          + "] no answer from " + to + " to msgType " + msgType
          + " within the request lifetime of " + lifetime));
    }

    /**
     * Only the destination may answer: the same authenticated key and, when the request went
     * to a socket address (UDP), that address.
     */
    boolean answerableBy(Endpoint from) {
      return to.key().equals(from.key())
          && (to.address() == null || to.address().equals(from.address()));
    }
  }
}
