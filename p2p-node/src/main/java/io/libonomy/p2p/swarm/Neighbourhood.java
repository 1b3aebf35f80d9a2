package io.libonomy.p2p.swarm;

import io.libonomy.p2p.api.Direction;
import io.libonomy.p2p.api.PeerEvent;
import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.identity.NodeInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Keeps {@code target} outbound peers: draws addresses from discovery, dials them, and dials
 * again when one leaves (seed §8.3, without its blocking token channel).
 *
 * <p>One loop, serial by construction: a round runs when the retry timer ticks or an outbound
 * peer leaves; triggers that arrive while a round runs are coalesced into at most one more
 * round ({@code onBackpressureDrop} in front of a {@code concatMap} with prefetch 1). A round
 * draws addresses for the missing number of peers (when too few usable ones come back it also
 * starts a refresh in the background, for the next rounds), skips this node and peers already
 * connected in either
 * direction (so an inbound peer is never upgraded and never counted twice), records an
 * attempt for each dial and a success for each session, and gives up on a dial after
 * {@code dialTimeout}. Outbound counts come from the peer-event hub, which knows each peer's
 * one kept connection.
 *
 * <p>{@link #ready()} completes the first time the node has {@code target} outbound peers.
 */
final class Neighbourhood {

  private static final Logger log = LoggerFactory.getLogger(Neighbourhood.class);

  private final String localId;
  private final PublicKey localKey;
  private final int target;
  private final PeerSource discovery;
  private final Function<NodeInfo, Mono<PublicKey>> dial;
  private final Predicate<PublicKey> connected;
  private final ToIntFunction<Direction> count;
  private final Flux<PeerEvent> events;
  private final Duration retryInterval;
  private final Duration dialTimeout;
  private final Scheduler timer;
  private final Sinks.Empty<Void> ready = Sinks.empty();
  private final Disposable.Swap loop = Disposables.swap();
  private final Disposable.Swap refresh = Disposables.swap();
  private final AtomicBoolean refreshing = new AtomicBoolean();

  Neighbourhood(Settings settings, PeerSource discovery, Function<NodeInfo, Mono<PublicKey>> dial,
      Predicate<PublicKey> connected, ToIntFunction<Direction> count, Flux<PeerEvent> events) {
    this.localId = settings.localKey().shortId();
    this.localKey = settings.localKey();
    this.target = settings.target();
    this.retryInterval = settings.retryInterval();
    this.dialTimeout = settings.dialTimeout();
    this.timer = settings.timer();
    this.discovery = discovery;
    this.dial = dial;
    this.connected = connected;
    this.count = count;
    this.events = events;
  }

  /**
   * @param localKey this node, never dialled
   * @param target outbound peers to keep
   * @param retryInterval pause between rounds while short of the target (the seed's 1 s)
   * @param dialTimeout how long one dial may take
   * @param timer where the retry ticks and dial timeouts run
   */
  record Settings(PublicKey localKey, int target, Duration retryInterval, Duration dialTimeout,
      Scheduler timer) {}

  /** Starts the loop; call once. */
  void start() {
    Flux<Long> ticks = Flux.interval(Duration.ZERO, retryInterval, timer);
    Flux<Long> departures = events
        .filter(e -> e instanceof PeerEvent.Disconnected && e.direction() == Direction.OUTBOUND)
        .map(e -> -1L);
    // rounds run on the timer, never inside the peer-event publisher that reported a departure
    loop.update(Flux.merge(ticks, departures)
        .onBackpressureDrop()
        .publishOn(timer, 1)
        .concatMap(trigger -> round(), 1)
        .subscribe(null,
            e -> log.warn("[{}][neighbourhood] stopped: {}", localId, e.toString()),
            () -> log.debug("[{}][neighbourhood] stopped", localId)));
  }

  /** Completes once the node first holds {@code target} outbound peers. */
  Mono<Void> ready() {
    return ready.asMono();
  }

  /** Stops the loop and any dial in flight; {@link #ready()} fails if it had not completed. */
  void stop() {
    loop.dispose();
    refresh.dispose();
    ready.tryEmitError(new ShutdownException("the node shut down before its neighbourhood "
        + "reached " + target + " outbound peers"));
  }

  private Mono<Void> round() {
    int need = target - count.applyAsInt(Direction.OUTBOUND);
    if (need <= 0) {
      markReadyIfFull();
      return Mono.empty();
    }
    return candidates(need)
        .flatMapMany(found -> {
          if (found.size() < need) {
            refreshInBackground(need);
          }
          return Flux.fromIterable(found);
        })
        .take(need)
        .flatMap(this::dialOne)
        .then(Mono.fromRunnable(this::markReadyIfFull))
        .onErrorResume(e -> {
          log.debug("[{}][neighbourhood] round failed: {}", localId, e.toString());
          return Mono.empty();
        })
        .then();
  }

  /**
   * Asks discovery for more addresses without holding up the round (a refresh waits for
   * answers, or for the timeouts of nodes that left); at most one runs at a time, and the
   * rounds after it draw from the grown book.
   */
  private void refreshInBackground(int want) {
    if (!refreshing.compareAndSet(false, true)) {
      return;
    }
    refresh.update(discovery.refresh(want)
        .doFinally(signal -> refreshing.set(false))
        .subscribe(null, e -> log.debug("[{}][neighbourhood] refresh failed: {}", localId,
            e.toString())));
  }

  /**
   * Addresses to dial: drawn for the missing peers plus the connected ones (draws hit
   * connected peers too), minus this node and every connected peer.
   */
  private Mono<List<NodeInfo>> candidates(int need) {
    int connectedNow = count.applyAsInt(Direction.OUTBOUND) + count.applyAsInt(Direction.INBOUND);
    return discovery.selectPeers(need + connectedNow)
        .map(found -> found.stream()
            .filter(peer -> !peer.id().equals(localKey) && !connected.test(peer.id()))
            .toList());
  }

  private Mono<PublicKey> dialOne(NodeInfo peer) {
    discovery.attempt(peer.id());
    // A dial's own failure is taken before the timeout operator: one that fails after the loop
    // was cancelled (the node shutting down mid-round) would be dropped there, and Reactor logs
    // a dropped error at ERROR with its stack trace.
    return dial.apply(peer)
        .onErrorResume(e -> dialFailed(peer, e))
        .timeout(dialTimeout, timer)
        .doOnNext(discovery::good)
        .onErrorResume(e -> dialFailed(peer, e));
  }

  private Mono<PublicKey> dialFailed(NodeInfo peer, Throwable failure) {
    if (log.isDebugEnabled()) {
      log.debug("[{}][neighbourhood] dial {} failed: {}", localId, peer, failure.toString());
    }
    return Mono.empty();
  }

  private void markReadyIfFull() {
    int outbound = count.applyAsInt(Direction.OUTBOUND);
    if (outbound >= target && ready.tryEmitEmpty().isSuccess()) {
      log.info("[{}][neighbourhood] {} outbound peers", localId, outbound);
    }
  }
}
