package io.libonomy.p2p.bench;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A sender that runs until {@link #stop(Duration)}: the load is given a stop signal, ends its
 * source on it and completes once the sends already in flight have finished, so nothing is
 * cancelled mid-write and no error lands after its subscriber has gone.
 */
final class SendLoop {

  private final Sinks.Empty<Void> stopSignal = Sinks.empty();
  private final Sinks.Empty<Void> drained = Sinks.empty();
  private final Disposable subscription;

  private SendLoop(Function<Mono<Void>, Mono<Void>> load, Consumer<Throwable> onError) {
    subscription = load.apply(stopSignal.asMono())
        .doFinally(signal -> drained.tryEmitEmpty())
        .subscribe(null, onError);
  }

  /**
   * Subscribes {@code load} at once.
   *
   * @param load given the stop signal, returns the send pipeline; it must complete after the
   *     signal once its in-flight sends are done
   * @param onError receives a failure of the pipeline
   */
  static SendLoop start(Function<Mono<Void>, Mono<Void>> load, Consumer<Throwable> onError) {
    return new SendLoop(load, onError);
  }

  /**
   * A load of {@code lanes} independent lanes, each subscribing to {@code call} again when its
   * previous call completes, until {@code stop}: at most {@code lanes} calls outstanding. (The
   * same bound as a {@code flatMap} over a generated stream of calls, without flatMap's scan of
   * every inner subscriber on each completion, which cost ours' sender thread in {@code direct}
   * about a sixth of its time.) On {@code stop} each lane cancels the call it has in flight.
   */
  static Mono<Void> lanes(int lanes, Mono<?> call, Mono<Void> stop) {
    return Flux.range(0, lanes)
        .flatMap(i -> call.repeat().takeUntilOther(stop), lanes)
        .then();
  }

  /** Signals the stop and waits for in-flight sends; cancels them after {@code timeout}. */
  void stop(Duration timeout) {
    stopSignal.tryEmitEmpty();
    drained.asMono()
        .timeout(timeout, Mono.fromRunnable(subscription::dispose))
        .block();
  }
}
