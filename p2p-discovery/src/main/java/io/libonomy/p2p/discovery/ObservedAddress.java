package io.libonomy.p2p.discovery;

import io.libonomy.p2p.crypto.PublicKey;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * This node's UDP endpoint as its peers see it, voted from PING answers: each of the last
 * {@code window} distinct responders has one vote, its latest observation; the address with
 * the most votes wins. A tie keeps the current address if it is among the tied ones, else goes
 * to the most recently reported of them, so two equal camps do not make it flap. One responder
 * alone cannot move it away from an address that two others report.
 *
 * <p>Thread-safe. {@link #changes()} replays the latest address to each subscriber and emits
 * each change (a replay-latest sink: it holds one value, never a queue).
 */
final class ObservedAddress {

  private static final Logger log = LoggerFactory.getLogger(ObservedAddress.class);

  private final String context;
  private final int window;
  private final LinkedHashMap<PublicKey, InetSocketAddress> votes = new LinkedHashMap<>();
  private final Sinks.Many<InetSocketAddress> changes = Sinks.many().replay().latest();
  private @Nullable InetSocketAddress current;

  ObservedAddress(String context, int window) {
    this.context = context;
    this.window = window;
  }

  /** Counts {@code responder}'s observation, replacing its previous one. */
  synchronized void record(PublicKey responder, InetSocketAddress observed) {
    votes.remove(responder);
    votes.put(responder, observed);
    if (votes.size() > window) {
      votes.remove(votes.keySet().iterator().next());
    }
    InetSocketAddress winner = winner();
    if (!winner.equals(current)) {
      current = winner;
      log.debug("{} observed address is now {}", context, winner);
      Sinks.EmitResult result = changes.tryEmitNext(winner); // serialised by this lock
      if (result.isFailure() && result != Sinks.EmitResult.FAIL_TERMINATED) {
        log.debug("{} observed address not emitted: {}", context, result);
      }
    }
  }

  /** The address voted so far, if any PING was answered. */
  synchronized Optional<InetSocketAddress> current() {
    return Optional.ofNullable(current);
  }

  Flux<InetSocketAddress> changes() {
    return changes.asFlux();
  }

  /** Completes {@link #changes()}. */
  synchronized void close() {
    changes.tryEmitComplete();
  }

  private InetSocketAddress winner() {
    Map<InetSocketAddress, Integer> counts = new HashMap<>();
    List<InetSocketAddress> newestFirst = new ArrayList<>(votes.values());
    Collections.reverse(newestFirst);
    int best = 0;
    for (InetSocketAddress address : newestFirst) {
      best = Math.max(best, counts.merge(address, 1, Integer::sum));
    }
    if (current != null && counts.getOrDefault(current, 0) == best) {
      return current;
    }
    for (InetSocketAddress address : newestFirst) {
      if (counts.get(address) == best) {
        return address;
      }
    }
    throw new IllegalStateException("no votes");
  }
}
