package io.libonomy.p2p.pool;

import io.libonomy.p2p.api.Direction;
import io.libonomy.p2p.api.NotConnectedException;
import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.net.tcp.SecureConnection;
import io.libonomy.p2p.net.tcp.TcpTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Keeps at most one open connection per peer (ARCHITECTURE §5.2 step 5).
 *
 * <p>When two connections to one peer are open at once (both sides dialed), both sides keep
 * the one whose initiator has the smaller static key, so they agree without talking; a
 * connection with the same initiator as the kept one replaces it (the old one is stale: the
 * peer restarted). The losing connection is not closed at once: the peer may have sent on it
 * before it saw the winner, so it lingers (read, but no longer written) for the linger period
 * and then closes. Concurrent {@link #connect} calls to one peer share one dial. A connection
 * leaves the pool when it closes.
 *
 * <p>The {@link Listener} sees each peer's transitions in order: {@code connected} when the
 * peer gains its first connection, {@code replaced} when the kept connection changes, and
 * {@code disconnected} when the peer has none left. Callbacks run while the pool's lock is
 * held, on whichever thread caused the transition: they must be short and never block.
 */
public final class ConnectionPool {

  /** Receives each peer's connection transitions, in order. */
  public interface Listener {
    void connected(SecureConnection connection);

    void replaced(SecureConnection previous, SecureConnection current);

    void disconnected(SecureConnection connection);

    /**
     * A connection that lost the tie-break and will close after the linger period. It is no
     * longer used for sending, but frames the peer sent on it before it learned of the winner
     * must still be read.
     */
    default void lingering(SecureConnection connection) {}

    /** A new inbound connection was refused because {@code maxInbound} peers are inbound. */
    default void refusedInbound(SecureConnection connection) {}
  }

  private static final Logger log = LoggerFactory.getLogger(ConnectionPool.class);

  private final TcpTransport transport;
  private final PublicKey localKey;
  private final int maxInbound;
  private final Listener listener;
  private final Map<PublicKey, SecureConnection> connections = new HashMap<>();
  private final Map<PublicKey, Mono<SecureConnection>> dials = new ConcurrentHashMap<>();
  private final Duration linger;
  private final Scheduler timer;
  private final Set<Disposable> lingerTimers = new HashSet<>();
  private int inbound;
  private boolean shutdown;

  /**
   * A pool over {@code transport}.
   *
   * @param maxInbound how many peers may be connected through inbound connections
   * @param linger how long a connection that lost the tie-break stays open for reading
   * @param timer the scheduler of linger timers
   */
  public ConnectionPool(TcpTransport transport, PublicKey localKey, int maxInbound,
      Duration linger, Scheduler timer, Listener listener) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.localKey = Objects.requireNonNull(localKey, "localKey");
    this.maxInbound = maxInbound;
    this.linger = Objects.requireNonNull(linger, "linger");
    this.timer = Objects.requireNonNull(timer, "timer");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * The open connection to {@code peer}, dialing {@code address} if there is none. Joins a
   * dial already in flight. Emits the connection the pool kept, which may be an inbound one
   * that won the tie-break against this dial. Errors: {@link NotConnectedException} for our own
   * key, {@link ShutdownException} when the pool is shut down before the dial completes (the
   * dialed connection is then closed), and the transport's dial errors.
   */
  public Mono<SecureConnection> connect(PublicKey peer, InetSocketAddress address) {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(address, "address");
    return Mono.defer(() -> {
      if (peer.equals(localKey)) {
        return Mono.error(new NotConnectedException("cannot connect to self"));
      }
      // checked and joined under the lock that offer() takes: a dial that completes in
      // between would otherwise be missed and a second dial would replace its connection
      synchronized (this) {
        if (shutdown) {
          return Mono.error(new ShutdownException("connection pool is shut down"));
        }
        SecureConnection existing = connections.get(peer);
        if (existing != null && existing.isOpen()) {
          return Mono.just(existing);
        }
        return dials.computeIfAbsent(peer, key -> transport.dial(address, key)
            .map(connection -> offer(connection).orElseThrow(() -> new ShutdownException(
                "connection pool was shut down while dialing " + key.shortId())))
            .doFinally(signal -> dials.remove(key))
            .cache());
      }
    });
  }

  /** Adds an inbound connection established by the transport. */
  public void acceptInbound(SecureConnection connection) {
    offer(connection);
  }

  /** The open connection to {@code peer}, if any. */
  public synchronized Optional<SecureConnection> get(PublicKey peer) {
    SecureConnection c = connections.get(peer);
    return c != null && c.isOpen() ? Optional.of(c) : Optional.empty();
  }

  /** A snapshot of the kept connections. */
  public synchronized List<SecureConnection> connections() {
    return List.copyOf(connections.values());
  }

  /** Closes every connection (lingering ones too) and refuses new ones. Idempotent. */
  public Mono<Void> shutdown() {
    return Mono.defer(() -> {
      List<SecureConnection> open;
      List<Disposable> timers;
      synchronized (this) {
        shutdown = true;
        open = new ArrayList<>(connections.values());
        timers = new ArrayList<>(lingerTimers);
        lingerTimers.clear();
      }
      timers.forEach(Disposable::dispose);
      open.forEach(SecureConnection::close);
      return Mono.whenDelayError(open.stream().map(SecureConnection::onClose).toList());
    });
  }

  /**
   * Applies the tie-break and returns the connection kept for the peer, or empty when the
   * candidate was refused and closed (the pool is shut down, or the inbound cap is reached).
   */
  private Optional<SecureConnection> offer(SecureConnection candidate) {
    PublicKey peer = candidate.remoteKey();
    @Nullable SecureConnection kept;
    @Nullable SecureConnection refused = null;
    @Nullable SecureConnection lost = null;
    synchronized (this) {
      SecureConnection existing = connections.get(peer);
      if (shutdown) {
        refused = candidate;
        kept = null;
      } else if (existing == null || !existing.isOpen()) {
        if (candidate.direction() == Direction.INBOUND && inbound >= maxInbound) {
          listener.refusedInbound(candidate);
          refused = candidate;
          kept = null;
        } else {
          put(peer, candidate);
          kept = candidate;
          if (existing == null) {
            listener.connected(candidate);
          } else {
            listener.replaced(existing, candidate);
          }
        }
      } else if (candidate.initiatorKey().compareTo(existing.initiatorKey()) <= 0) {
        put(peer, candidate);
        kept = candidate;
        lost = existing;
        listener.replaced(existing, candidate);
      } else {
        kept = existing;
        lost = candidate;
        listener.lingering(candidate);
      }
      if (lost != null) {
        scheduleClose(lost);
      }
    }
    if (refused != null) {
      refused.close();
    } else if (lost != candidate) {
      candidate.onClose().subscribe(null, e -> removed(candidate), () -> removed(candidate));
    }
    return Optional.ofNullable(kept);
  }

  /** Closes a tie-break loser after the linger period (or at shutdown); lock held. */
  private void scheduleClose(SecureConnection loser) {
    if (log.isDebugEnabled()) {
      log.debug("[{}][pool] {} lost the tie-break; closing in {} ms", localKey.shortId(), loser,
          linger.toMillis());
    }
    Disposable[] holder = new Disposable[1];
    holder[0] = Mono.delay(linger, timer)
        .takeUntilOther(loser.onClose())
        .doFinally(signal -> {
          loser.close();
          synchronized (this) {
            lingerTimers.remove(holder[0]);
          }
        })
        .subscribe(null, e -> log.debug("[{}][pool] linger timer failed", localKey.shortId(), e));
    if (!holder[0].isDisposed()) {
      lingerTimers.add(holder[0]);
    }
  }

  private void put(PublicKey peer, SecureConnection connection) {
    @Nullable SecureConnection previous = connections.put(peer, connection);
    if (previous != null && previous.direction() == Direction.INBOUND) {
      inbound--;
    }
    if (connection.direction() == Direction.INBOUND) {
      inbound++;
    }
  }

  private void removed(SecureConnection connection) {
    synchronized (this) {
      PublicKey peer = connection.remoteKey();
      if (connections.get(peer) != connection) {
        return;
      }
      connections.remove(peer);
      if (connection.direction() == Direction.INBOUND) {
        inbound--;
      }
      listener.disconnected(connection);
    }
  }
}
