package io.libonomy.p2p.swarm;

import io.libonomy.p2p.api.DirectMessage;
import io.libonomy.p2p.api.Direction;
import io.libonomy.p2p.api.PeerEvent;
import io.libonomy.p2p.config.OverflowPolicy;
import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.discovery.AddressBook;
import io.libonomy.p2p.gossip.GossipMessage;
import io.libonomy.p2p.gossip.Priority;
import io.libonomy.p2p.identity.NodeInfo;
import io.libonomy.p2p.server.RequestChannel;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A whole node: a persistent identity, a TCP listener speaking the secure session protocol,
 * a pool of one connection per peer, a router that fans inbound messages out by protocol
 * name, and a neighbourhood: discovery fills the address book over UDP (from the bootnodes
 * when {@code p2p.swarm.bootstrap} is on) and the node keeps {@code randcon} outbound peers
 * drawn from it (when {@code p2p.swarm.gossip} is on), dialling again when one leaves. It is also the TCP {@link RequestChannel} of request/response
 * ({@link io.libonomy.p2p.server.MessageServer#on}).
 *
 * <p>Lifecycle: {@link #start()} binds the listener; {@link #shutdown()} closes every
 * connection and releases every resource. Both are idempotent; a switch cannot be restarted.
 *
 * <p>Backpressure: each protocol has a bounded inbound queue ({@code bufferSize}). With the
 * default {@link OverflowPolicy#BACKPRESSURE}, a full queue stops reading from the connection
 * that delivered the message, so TCP flow control slows the remote sender; nothing is
 * dropped. Messages for a protocol that has no subscriber are dropped and counted, and the
 * connection stays open.
 */
public interface Switch extends RequestChannel {

  /** This node's static public key (its identity). */
  PublicKey localKey();

  /**
   * The node's reachable address: its key, the bound IP (127.0.0.1 when bound to the
   * wildcard address) and ports. Only meaningful after {@link #start()} completed.
   */
  NodeInfo localNode();

  /**
   * Binds the TCP listener, then the UDP socket on the same port number, starts discovery,
   * and starts the bootstrap and the neighbourhood in the background (see
   * {@link #awaitBootstrap()} and {@link #awaitNeighbourhood()}). Completes once the node
   * accepts connections. Idempotent. Fails with
   * {@link io.libonomy.p2p.api.PortUnavailableException} when a port cannot be bound; call
   * {@link #shutdown()} to release what was bound.
   */
  Mono<Void> start();

  /**
   * Closes the listener and every connection, completes every pending operation with a
   * {@link io.libonomy.p2p.api.ShutdownException}, and completes once all resources are
   * released. Idempotent; later calls return the same completion.
   */
  Mono<Void> shutdown();

  /**
   * Dials {@code peer} (or joins a dial already in flight) and completes with its key once the
   * secure session is established. Completes at once when a connection already exists.
   * Errors: {@link io.libonomy.p2p.api.HandshakeException} when the peer fails the handshake,
   * {@link io.libonomy.p2p.api.ConnectionClosedException} when the dial fails.
   */
  Mono<PublicKey> connect(NodeInfo peer);

  /**
   * Direct messages on {@code protocol}, with the configured overflow policy. Only one
   * subscriber may consume a protocol at a time (a second concurrent subscription fails with
   * {@link io.libonomy.p2p.api.ProtocolSubscriptionException}); messages that arrive while no
   * one is subscribed are dropped and counted. Completes on shutdown.
   */
  Flux<DirectMessage> direct(String protocol);

  /** As {@link #direct(String)} with an explicit overflow policy for this protocol. */
  Flux<DirectMessage> direct(String protocol, OverflowPolicy policy);

  /**
   * Sends {@code payload} to a connected peer on {@code protocol}. Completes when the frame
   * is written to the socket. Errors: {@link io.libonomy.p2p.api.NotConnectedException} when
   * no connection to {@code peer} exists (or {@code peer} is this node),
   * {@link io.libonomy.p2p.api.SendTimeoutException} when the peer does not read for longer
   * than {@code sendTimeout}, {@link io.libonomy.p2p.api.ConnectionClosedException} when the
   * connection closes first.
   */
  Mono<Void> send(PublicKey peer, String protocol, byte[] payload);

  /**
   * Gossip messages of {@code protocol} for validation (ARCHITECTURE §5.7): each new message,
   * whether from a neighbour or broadcast by this node, is handed here once; call
   * {@link GossipMessage#accept()} to relay it to every neighbour but its sender (in
   * {@code priority} order with other protocols), {@link GossipMessage#reject()} to drop it and
   * count it against the sender, or {@link GossipMessage#ignore()}. A message not decided
   * within {@code validationTimeout} is dropped. Delivered on a non-event-loop thread
   * ({@code boundedElastic}: validation may block). One subscriber per protocol at a time;
   * while none subscribes, the protocol's messages are dropped and not relayed. Completes on
   * shutdown.
   */
  Flux<GossipMessage> gossip(String protocol, Priority priority);

  /**
   * Gossips {@code payload} to the whole network: the local subscriber of {@code protocol}
   * validates it first like any other message, then it goes to every neighbour. Completes
   * once it was handed to every neighbour's connection. Fails with a
   * {@link io.libonomy.p2p.gossip.BroadcastException} (no subscriber, duplicate, rejected,
   * ignored, not decided in time, queue full) or a {@link io.libonomy.p2p.api.ShutdownException}.
   */
  Mono<Void> broadcast(String protocol, byte[] payload);

  /**
   * The peers banned now: neighbours that sent more invalid gossip than
   * {@code p2p.max-invalid-per-minute}. They were disconnected, are neither dialled nor
   * accepted until the ban ends, and their address is marked bad in the address book.
   */
  Set<PublicKey> bannedPeers();

  /**
   * Hot stream of peer arrivals and departures. A subscriber first receives a
   * {@link PeerEvent.Connected} for every current peer, then live events; no event is dropped
   * for a subscriber that keeps up (a subscriber that falls more than {@code bufferSize}
   * events behind is terminated with an overflow error rather than silently losing events).
   */
  Flux<PeerEvent> peerEvents();

  /**
   * The node's UDP channel (ARCHITECTURE §5.5), bound at {@link #start()} on the same port
   * number as TCP: requests and answers only, to any endpoint with a known key and address.
   * Run a {@link io.libonomy.p2p.server.MessageServer} on it for request/response over UDP.
   */
  RequestChannel udp();

  /** The keys of the currently connected peers (an immutable snapshot). */
  Set<PublicKey> connectedPeers();

  /** How many peers are connected now whose kept connection has {@code direction}. */
  int peerCount(Direction direction);

  /**
   * The node's address book, filled by discovery (ARCHITECTURE §5.6) and, with a data
   * directory, persisted in the peers file.
   */
  AddressBook addressBook();

  /**
   * Completes when the bootstrap of {@link #start()} finished: the address book grew by
   * {@code randcon} addresses learned from the bootnodes. Completes at once when
   * {@code p2p.swarm.bootstrap} is off; fails with a {@link io.libonomy.p2p.api.ShutdownException}
   * if the node shuts down first. Multicast: any number of callers.
   */
  Mono<Void> awaitBootstrap();

  /**
   * Completes the first time the node holds {@code randcon} outbound peers (after the
   * bootstrap, when one runs). Completes at once when {@code p2p.swarm.gossip} is off (no
   * neighbourhood is kept) or {@code randcon} is 0; fails with a
   * {@link io.libonomy.p2p.api.ShutdownException} if the node shuts down first.
   */
  Mono<Void> awaitNeighbourhood();

  /**
   * Creates a node whose identity is loaded from, or created in, {@code dataDir}, and whose
   * address book is kept in {@code <dataDir>/p2p/<p2p.swarm.peers-file>}.
   */
  static Switch create(P2PConfig config, java.nio.file.Path dataDir,
      io.micrometer.core.instrument.MeterRegistry registry) {
    return SwitchFactory.create(config, dataDir, registry);
  }

  /**
   * Creates a node with the given identity; nothing touches the disk (the address book starts
   * empty and is not persisted).
   */
  static Switch create(P2PConfig config, KeyPair identity,
      io.micrometer.core.instrument.MeterRegistry registry) {
    return SwitchFactory.create(config, identity, registry);
  }
}
