package io.libonomy.p2p.bench;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Requests with a fixed number outstanding over a started {@link RpcSubject}, counting the
 * answers: {@code outstanding} lanes ({@link SendLoop#lanes}), each making its next request when
 * the previous one is answered. The subject stays open when the load closes.
 */
final class RequestLoad implements Workload {

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  private final RpcSubject subject;
  private final int outstanding;
  private final AtomicLong answered = new AtomicLong();
  private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
  private @Nullable SendLoop loop;

  RequestLoad(RpcSubject subject, int outstanding) {
    this.subject = Objects.requireNonNull(subject, "subject");
    if (outstanding < 1) {
      throw new IllegalArgumentException("outstanding must be at least 1, got " + outstanding);
    }
    this.outstanding = outstanding;
  }

  @Override
  public void start() {
    Mono<byte[]> request = subject.request().doOnNext(answer -> answered.incrementAndGet());
    loop = SendLoop.start(stop -> SendLoop.lanes(outstanding, request, stop), this::fail);
  }

  private void fail(Throwable error) {
    failure.compareAndSet(null, error);
  }

  /** Answers received since {@link #start()}. */
  @Override
  public long delivered() {
    return answered.get();
  }

  @Override
  public @Nullable Throwable failure() {
    return failure.get();
  }

  /** Stops the lanes, abandoning the requests they have outstanding; the subject stays open. */
  @Override
  public void close() {
    SendLoop running = loop;
    if (running != null) {
      loop = null;
      running.stop(STOP_TIMEOUT);
    }
  }
}
