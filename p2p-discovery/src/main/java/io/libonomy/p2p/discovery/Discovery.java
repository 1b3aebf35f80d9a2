package io.libonomy.p2p.discovery;

import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.identity.NodeInfo;
import io.libonomy.p2p.server.RequestChannel;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A node's discovery service: its {@link AddressBook}, the UDP discovery protocol
 * (ARCHITECTURE §5.6, protocol {@code /udp/v2/discovery}) that fills it, bootstrap from the
 * configured bootnodes, periodic refresh and the peers file.
 *
 * <pre>{@code
 * AddressBook book = Discovery.loadAddressBook(file, key, clock, random).block();
 * Discovery discovery = Discovery.create(config, udpMux, () -> localNode, book, file, clock,
 *     registry);
 * discovery.start().then(discovery.bootstrap(8)).block();
 * List<NodeInfo> peers = discovery.selectPeers(8).block();
 * }</pre>
 *
 * <h2>Protocol</h2>
 * Answers PING with the pinger's authenticated key, observed source IP and port and claimed TCP
 * port, and stores a valid pinger in the book (observed address, claimed TCP port, this node as
 * source). Answers GET_ADDRESSES with a sample of the book that fits one datagram, only to
 * requesters whose endpoint is proven (they answered our PING from that address and port within
 * the last 12 h), at most 10 times a minute per source; an unproven requester is PINGed instead,
 * and {@link #getAddresses} retries once after answering that PING. Requests that are malformed,
 * unproven or over the limit get no answer at all (§5.6), and are counted in {@link
 * DiscoveryMeters#REQUESTS}.
 *
 * <h2>Threading and errors</h2>
 * Every method is thread-safe and non-blocking; the {@code Mono}s are lazy and signal on a
 * Reactor Netty event loop or a {@code parallel} worker (move slow work with {@code
 * publishOn}). File I/O runs on {@code boundedElastic}. Requests made before {@link #start}
 * fail with {@link IllegalStateException}, after {@link #shutdown} with a {@link
 * io.libonomy.p2p.api.ShutdownException}; see each method for the others.
 */
public interface Discovery {

  /**
   * {@link #create(P2PConfig, RequestChannel, Supplier, AddressBook, Path, Clock, MeterRegistry,
   * DiscoveryOptions)} with {@link DiscoveryOptions#defaults()}.
   */
  static Discovery create(P2PConfig config, RequestChannel udp, Supplier<NodeInfo> localNode,
      AddressBook book, @Nullable Path peersFile, Clock clock, MeterRegistry registry) {
    return create(config, udp, localNode, book, peersFile, clock, registry,
        DiscoveryOptions.defaults());
  }

  /**
   * A discovery service, not started. Nothing is sent or bound until {@link #start}.
   *
   * @param config {@code networkId}, {@code maxDatagramSize} (the answer size bound), {@code
   *     swarm.bootnodes} (unparsable ones are skipped with a warning) and {@code
   *     swarm.randomConnections} (what {@link #bootstrap()} and the periodic refresh want)
   * @param udp the UDP request channel (a bound {@code UdpMux}); the service becomes the only
   *     listener of {@code /udp/v2/discovery} on it at {@link #start}
   * @param localNode this node's address as it believes it to be (sent in PINGs; an
   *     unspecified IP and TCP port 0 are allowed); read on each use; its key must be the
   *     channel's identity
   * @param book the address book to fill, e.g. from {@link #loadAddressBook}
   * @param peersFile where {@code book} is saved every {@code saveInterval} and at {@link
   *     #shutdown}; null: never saved
   * @param clock the time of endpoint proofs, rate limits and query spacing
   * @param registry where the {@link DiscoveryMeters} and the message server's meters go
   * @param options bounds and timers
   */
  static Discovery create(P2PConfig config, RequestChannel udp, Supplier<NodeInfo> localNode,
      AddressBook book, @Nullable Path peersFile, Clock clock, MeterRegistry registry,
      DiscoveryOptions options) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(udp, "udp");
    Objects.requireNonNull(localNode, "localNode");
    Objects.requireNonNull(book, "book");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(options, "options");
    return new DefaultDiscovery(config, udp, localNode, book, peersFile, clock, registry,
        options);
  }

  /**
   * Loads the address book of node {@code localKey} from the peers file on {@code
   * boundedElastic}. Never fails for the file's sake: a missing, unreadable or corrupt file
   * gives an empty book (a corrupt one is moved aside and logged).
   */
  static Mono<AddressBook> loadAddressBook(Path peersFile, PublicKey localKey, Clock clock,
      RandomGenerator random) {
    Objects.requireNonNull(peersFile, "peersFile");
    Objects.requireNonNull(localKey, "localKey");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
    return Mono.fromCallable(() -> PeersFile.load(peersFile, localKey, clock, random))
        .subscribeOn(Schedulers.boundedElastic());
  }

  /** The address book this service fills. */
  AddressBook addressBook();

  /**
   * Starts answering discovery requests (opens the message server off the event loops), the
   * periodic refresh (a bounded round whenever the book {@linkplain
   * AddressBook#needNewAddresses() needs new addresses}) and the periodic save. Idempotent:
   * every subscription shares the first one's outcome. Fails with a {@link
   * io.libonomy.p2p.api.ShutdownException} after {@link #shutdown}, or with the channel's error
   * (another listener holds the protocol).
   */
  Mono<Void> start();

  /** {@link #bootstrap(int)} wanting {@code swarm.randomConnections} addresses. */
  Mono<Void> bootstrap();

  /**
   * Fills the address book from the bootnodes (added to an empty book, and kept) and then
   * from the addresses they gave. Rounds of "ping then get addresses" go to up to {@code
   * want} servers, at most 3 at a time, with a growing pause between rounds (1 s, 2 s, ... at
   * most 30 s by default).
   *
   * <p>Completes when the book holds {@code want} addresses more than it started with (the
   * bootnodes count as the start when the book was empty), or when two rounds in a row reached
   * servers that had nothing new to tell: the network is smaller than {@code want}. Runs until
   * then: cancel the subscription (or apply a timeout) to stop it. Fails with {@link
   * BootstrapException} if there is nothing to ask (empty book, no bootnodes), {@link
   * IllegalStateException} before {@link #start}, {@link io.libonomy.p2p.api.ShutdownException}
   * after {@link #shutdown}. A {@code want} of 0 completes at once.
   *
   * @throws IllegalArgumentException if {@code want} is negative
   */
  Mono<Void> bootstrap(int want);

  /**
   * Up to {@code count} distinct addresses to connect to, drawn from the address book, never
   * this node. When the book {@linkplain AddressBook#needNewAddresses() needs new addresses},
   * one refresh round runs first, bounded by {@code roundTimeout}; its failures are ignored.
   * Fails only with {@link io.libonomy.p2p.api.ShutdownException}.
   *
   * @throws IllegalArgumentException if {@code count} is negative
   */
  Mono<List<NodeInfo>> selectPeers(int count);

  /**
   * One refresh round now, whatever the book holds: asks up to {@code want} known nodes for
   * addresses (ping, then GET_ADDRESSES), bounded by {@code roundTimeout}; its failures are
   * ignored. For a caller that found too few usable addresses (the neighbourhood, when every
   * address it drew is already connected). Fails only with
   * {@link io.libonomy.p2p.api.ShutdownException}.
   *
   * @throws IllegalArgumentException if {@code want} is negative
   */
  Mono<Void> refresh(int want);

  /**
   * Sends a PING to {@code node}'s UDP address and completes with the answer, which must come
   * from {@code node}'s key and address and name our key. A successful PING also proves
   * {@code node}'s endpoint (it may then ask us for addresses) and votes for {@link
   * #observedAddress()}. Fails with {@link io.libonomy.p2p.api.RequestTimeoutException} (no
   * answer within the request lifetime: nobody there, or no discovery), {@link
   * io.libonomy.p2p.api.RemoteRequestException} (the peer refused), or {@link
   * InvalidAnswerException}.
   */
  Mono<PingResult> ping(NodeInfo node);

  /**
   * Asks {@code node} for addresses; when it first PINGs us to prove our endpoint (§5.6), the
   * request is repeated once that PING is answered (or once after a timeout). Completes with
   * the valid addresses it sent, in its order, without our own (possibly empty). Fails as
   * {@link #ping}.
   */
  Mono<List<NodeInfo>> getAddresses(NodeInfo node);

  /**
   * This node's UDP endpoint as peers see it, voted from PING answers (the address most of the
   * last 10 responders reported). Replays the current address to each subscriber, then emits
   * each change; completes at {@link #shutdown}. Holds one value, never a queue.
   */
  Flux<InetSocketAddress> observedAddresses();

  /** The current {@link #observedAddresses()} value; empty before a PING was answered. */
  Optional<InetSocketAddress> observedAddress();

  /** {@link AddressBook#attempt}. */
  void attempt(PublicKey key);

  /** {@link AddressBook#good}. */
  void good(PublicKey key);

  /**
   * Stops answering requests (closes the message server: pending requests fail with {@link
   * io.libonomy.p2p.api.ShutdownException}), stops the periodic tasks, and saves the peers file
   * one last time. Idempotent; never fails (a failed save is logged and counted in {@link
   * DiscoveryMeters#SAVES}).
   */
  Mono<Void> shutdown();
}
