package io.libonomy.p2p.discovery;

import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.identity.NodeInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Fills the address book by asking known nodes for theirs (seed §12.7, without its endless
 * synchronous loop): bootstrap, single refresh rounds and peer selection, all lazy {@code Mono}
 * pipelines that stop when their subscriber cancels.
 *
 * <p>A <em>round</em> queries up to {@code want} servers from a fresh {@link
 * AddressBook#addressCache()} sample, skipping this node and servers queried less than {@code
 * minTimeBetweenQueries} ago, at most {@code maxConcurrentQueries} at once. A query is "ping,
 * then get addresses"; a failed query is logged at debug and skipped. The addresses a server
 * returns (not this node, once per round) are added with that server as their source. When the
 * book is empty, the configured bootnodes are added first (and stay: a bootnode is as good a
 * peer as any). Thread-safe.
 */
final class Refresher {

  private static final Logger log = LoggerFactory.getLogger(Refresher.class);

  /** What one round did: servers queried, servers that answered, addresses newly stored. */
  record Round(int queried, int answered, int learned) {
    static final Round NO_SERVERS = new Round(0, 0, 0);

    String result() {
      if (queried == 0) {
        return "no_servers";
      }
      if (answered == 0) {
        return "unreachable";
      }
      return learned > 0 ? "learned" : "nothing_new";
    }
  }

  private final String context;
  private final AddressBook book;
  private final Queries queries;
  private final Supplier<NodeInfo> localNode;
  private final List<NodeInfo> bootnodes;
  private final DiscoveryOptions options;
  private final Clock clock;
  private final DiscoveryMetrics metrics;
  private final Map<PublicKey, Long> lastQueries;

  Refresher(String context, AddressBook book, Queries queries, Supplier<NodeInfo> localNode,
      List<NodeInfo> bootnodes, DiscoveryOptions options, Clock clock, DiscoveryMetrics metrics) {
    this.context = context;
    this.book = book;
    this.queries = queries;
    this.localNode = localNode;
    this.bootnodes = List.copyOf(bootnodes);
    this.options = options;
    this.clock = clock;
    this.metrics = metrics;
    int capacity = options.lastQueriesSize();
    this.lastQueries = new LinkedHashMap<>(capacity * 2, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<PublicKey, Long> eldest) {
        return size() > capacity;
      }
    };
  }

  /**
   * Rounds until the book grew by {@code want} addresses since the start (bootnodes added to an
   * empty book count as the start), or until {@code settleRounds} rounds reached servers that
   * had nothing new with no round learning anything in between (the network is smaller than
   * {@code want}). Between rounds it
   * waits {@code n × backoffStep}, at most {@code maxBackoff}, on the options' timer.
   *
   * @return completes on success; fails with {@link BootstrapException} when there is nothing
   *     to ask (empty book, no bootnodes), or with the {@link ShutdownException} of a closed
   *     service; never gives up otherwise: cancel it, or apply a timeout
   */
  Mono<Void> bootstrap(int want) {
    if (want < 0) {
      throw new IllegalArgumentException("want must be >= 0: " + want);
    }
    return Mono.defer(() -> {
      if (want == 0) {
        return Mono.empty();
      }
      addBootnodesIfEmpty();
      if (book.size() == 0) {
        return Mono.error(new BootstrapException(context
            + " nothing to bootstrap from: the address book is empty and no bootnode is usable"));
      }
      Progress progress = new Progress(book.size(), want);
      log.debug("{} bootstrap: want {} more than {}", context, want, progress.start);
      return Mono.defer(() -> round(want))
          .filter(progress::done)
          .repeatWhenEmpty(Integer.MAX_VALUE, repeats -> repeats.concatMap(
              n -> Mono.delay(backoff(n + 1), options.timer())))
          .doOnNext(r -> log.debug("{} bootstrap done: {} addresses", context, book.size()))
          .then();
    });
  }

  /**
   * One round (the book's bootnodes added first if it is empty).
   *
   * @return what the round did; fails only with the {@link ShutdownException} or {@link
   *     IllegalStateException} of a service that is closed or not started
   */
  Mono<Round> round(int want) {
    return Mono.defer(() -> {
      addBootnodesIfEmpty();
      List<NodeInfo> servers = servers(want);
      if (servers.isEmpty()) {
        metrics.round(Round.NO_SERVERS.result());
        return Mono.just(Round.NO_SERVERS);
      }
      Set<PublicKey> seen = ConcurrentHashMap.newKeySet();
      AtomicInteger answered = new AtomicInteger();
      AtomicInteger learned = new AtomicInteger();
      return Flux.fromIterable(servers)
          .flatMap(server -> query(server, seen)
              .doOnNext(added -> {
                answered.incrementAndGet();
                learned.addAndGet(added);
              }), options.maxConcurrentQueries())
          .then(Mono.fromCallable(() -> {
            Round round = new Round(servers.size(), answered.get(), learned.get());
            metrics.round(round.result());
            log.debug("{} round: {}", context, round);
            return round;
          }));
    });
  }

  /**
   * Up to {@code count} distinct addresses from the book, never this node; when the book
   * {@linkplain AddressBook#needNewAddresses() needs new addresses}, one round (bounded by
   * {@code roundTimeout}, its failures ignored) runs first. Draws at most {@code 3 × count}
   * times: a duplicate draw counts.
   */
  Mono<List<NodeInfo>> selectPeers(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0: " + count);
    }
    Mono<Void> refresh = Mono.defer(() -> book.needNewAddresses() ? boundedRound(count)
        : Mono.empty());
    return refresh.then(Mono.fromCallable(() -> draw(count)));
  }

  /** One round bounded by {@code roundTimeout}; only a shutdown fails it. */
  Mono<Void> boundedRound(int want) {
    return round(Math.max(1, want))
        .timeout(options.roundTimeout(), options.timer())
        .onErrorResume(e -> !(e instanceof ShutdownException), e -> {
          log.debug("{} refresh round failed: {}", context, e.toString());
          return Mono.empty();
        })
        .then();
  }

  private List<NodeInfo> draw(int count) {
    PublicKey self = localNode.get().id();
    Map<PublicKey, NodeInfo> picked = new LinkedHashMap<>();
    for (int draws = 0; draws < 3 * count && picked.size() < count; draws++) {
      Optional<NodeInfo> address = book.getAddress();
      if (address.isEmpty()) {
        break;
      }
      NodeInfo node = address.get();
      if (!node.id().equals(self)) {
        picked.putIfAbsent(node.id(), node);
      }
    }
    return List.copyOf(picked.values());
  }

  /** Pings {@code server}, then asks it for addresses; emits how many were new. */
  private Mono<Integer> query(NodeInfo server, Set<PublicKey> seen) {
    return queries.ping(server)
        .then(Mono.defer(() -> queries.getAddresses(server)))
        .map(addresses -> store(server, addresses, seen))
        .onErrorResume(Refresher::skippable, e -> {
          if (log.isDebugEnabled()) {
            log.debug("{} query of {} failed: {}", context, server.id().shortId(), e.toString());
          }
          return Mono.empty();
        });
  }

  private int store(NodeInfo server, List<NodeInfo> addresses, Set<PublicKey> seen) {
    PublicKey self = localNode.get().id();
    int added = 0;
    for (NodeInfo address : addresses) {
      if (!address.id().equals(self) && seen.add(address.id()) && book.add(address, server)) {
        added++;
      }
    }
    metrics.learned(DiscoveryMetrics.VIA_EXCHANGE, added);
    return added;
  }

  /** Single queries fail for network reasons; a closed or unstarted service ends the round. */
  private static boolean skippable(Throwable e) {
    return !(e instanceof ShutdownException) && !(e instanceof IllegalStateException);
  }

  private List<NodeInfo> servers(int want) {
    PublicKey self = localNode.get().id();
    long now = clock.millis();
    long minGap = options.minTimeBetweenQueries().toMillis();
    List<NodeInfo> servers = new ArrayList<>();
    synchronized (lastQueries) {
      for (NodeInfo candidate : book.addressCache()) {
        if (servers.size() >= want) {
          break;
        }
        Long last = lastQueries.get(candidate.id());
        if (candidate.id().equals(self) || (last != null && now - last < minGap)) {
          continue;
        }
        lastQueries.remove(candidate.id()); // re-inserted last: the map evicts the oldest query
        lastQueries.put(candidate.id(), now);
        servers.add(candidate);
      }
    }
    return servers;
  }

  private void addBootnodesIfEmpty() {
    if (book.size() != 0 || bootnodes.isEmpty()) {
      return;
    }
    NodeInfo self = localNode.get();
    int added = 0;
    for (NodeInfo bootnode : bootnodes) {
      if (book.add(bootnode, self)) {
        added++;
      }
    }
    metrics.learned(DiscoveryMetrics.VIA_BOOTNODE, added);
    log.debug("{} address book empty: added {} of {} bootnodes", context, added,
        bootnodes.size());
  }

  private Duration backoff(long round) {
    Duration wait = options.backoffStep().multipliedBy(round);
    return wait.compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : wait;
  }

  /** A bootstrap's progress; rounds of one bootstrap run one after another. */
  private final class Progress {
    final int start;
    final int want;
    int quietRounds;

    Progress(int start, int want) {
      this.start = start;
      this.want = want;
    }

    boolean done(Round round) {
      if (book.size() - start >= want) {
        return true;
      }
      if (round.learned() > 0) {
        quietRounds = 0;
      } else if (round.answered() > 0) {
        quietRounds++;
      }
      // a round that reached nobody (or skipped everyone as recently queried) says nothing
      // about the network, so it neither settles nor resets the count
      return quietRounds >= options.settleRounds();
    }
  }
}
