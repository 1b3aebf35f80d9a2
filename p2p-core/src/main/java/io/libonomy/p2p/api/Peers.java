package io.libonomy.p2p.api;

import io.libonomy.p2p.crypto.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The current neighbours, kept from a stream of {@link PeerEvent}s (a node's
 * {@code peerEvents()}, which first replays a {@link PeerEvent.Connected} for every current
 * peer). Each event replaces an immutable snapshot, so readers never lock and never see a
 * half-applied change.
 *
 * <p>{@link #follow} subscribes at once; {@link #close()} stops following (the snapshot is
 * then frozen). If the stream completes (the node shut down) the snapshot becomes empty; if
 * it fails (a subscriber that fell too far behind), the failure is logged and the snapshot
 * is frozen, so a caller can {@link #close()} and follow again.
 *
 * <p>Thread-safe; all methods are non-blocking.
 */
public final class Peers implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Peers.class);

  private volatile Map<PublicKey, Direction> snapshot = Map.of();
  private final Disposable subscription;

  private Peers(Flux<PeerEvent> events) {
    this.subscription = events.subscribe(this::apply, this::failed, this::completed);
  }

  /** Subscribes to {@code events} and keeps the peer set they describe. */
  public static Peers follow(Flux<PeerEvent> events) {
    Objects.requireNonNull(events, "events");
    return new Peers(events);
  }

  /** The current peers in a fresh random order (each call shuffles its own copy). */
  public List<PublicKey> peers() {
    List<PublicKey> copy = new ArrayList<>(snapshot.keySet());
    Collections.shuffle(copy, ThreadLocalRandom.current());
    return copy;
  }

  /** The current peers with the direction of each one's connection, in arrival order. */
  public Map<PublicKey, Direction> directions() {
    return snapshot;
  }

  /** How many peers there are now. */
  public int count() {
    return snapshot.size();
  }

  /** How many peers of {@code direction} there are now. */
  public int count(Direction direction) {
    Objects.requireNonNull(direction, "direction");
    return (int) snapshot.values().stream().filter(direction::equals).count();
  }

  /** Stops following the stream; idempotent. */
  @Override
  public void close() {
    subscription.dispose();
  }

  // events arrive serially (Reactive Streams rule 1.3): no lock needed for the copy-on-write
  private void apply(PeerEvent event) {
    Map<PublicKey, Direction> next = new LinkedHashMap<>(snapshot);
    if (event instanceof PeerEvent.Connected connected) {
      next.put(connected.peer(), connected.direction());
    } else {
      next.remove(event.peer());
    }
    snapshot = Collections.unmodifiableMap(next);
  }

  private void failed(Throwable error) {
    log.warn("[peers] stopped following peer events: {}", error.toString());
  }

  private void completed() {
    snapshot = Map.of();
  }
}
