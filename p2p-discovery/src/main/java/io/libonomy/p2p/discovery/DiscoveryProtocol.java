package io.libonomy.p2p.discovery;

import io.libonomy.p2p.api.MalformedMessageException;
import io.libonomy.p2p.api.RemoteRequestException;
import io.libonomy.p2p.api.RequestTimeoutException;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.discovery.DiscoveryMetrics.Outcome;
import io.libonomy.p2p.discovery.DiscoveryMetrics.Type;
import io.libonomy.p2p.discovery.NodeInfoCodec.Entry;
import io.libonomy.p2p.discovery.NodeInfoCodec.Rules;
import io.libonomy.p2p.identity.NodeInfo;
import io.libonomy.p2p.server.Endpoint;
import io.libonomy.p2p.server.MessageServer;
import io.libonomy.p2p.server.Request;
import io.libonomy.p2p.server.RequestChannel;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The discovery protocol of ARCHITECTURE §5.6 on one {@link MessageServer}: answers PING and
 * GET_ADDRESSES, and sends them.
 *
 * <h2>Endpoint proof</h2>
 * Any RESPONSE to one of our PINGs, from the pinged key and address within the request
 * lifetime (the message server accepts nothing else), proves that endpoint for {@code
 * proofValidity}; it is recorded on the thread that delivered the answer, before the peer's
 * next datagram is processed. A GET_ADDRESSES from an unproven endpoint is not answered: we
 * PING it (at most once per address and port per {@code proofPingInterval}) instead. As a
 * requester, {@link #getAddresses} retries once, a short grace (against reordering) after our
 * answer to the responder's PING has been sent, after the first request timed out, or after
 * the responder answered "overloaded".
 *
 * <p>Handlers run on the message server's workers ({@code parallel}) and never block.
 */
final class DiscoveryProtocol implements Queries {

  static final String PROTOCOL = "/udp/v2/discovery";
  static final int PING = 0;
  static final int GET_ADDRESSES = 1;

  private static final Logger log = LoggerFactory.getLogger(DiscoveryProtocol.class);
  private static final Duration RETRY_GRACE = Duration.ofMillis(50);

  private final String context;
  private final AddressBook book;
  private final Supplier<NodeInfo> localNode;
  private final PublicKey localKey;
  private final DiscoveryOptions options;
  private final EndpointProofs proofs;
  private final AnswerRateLimiter limiter;
  private final AnswerBudget budget;
  private final ObservedAddress observed;
  private final DiscoveryMetrics metrics;
  private final PongWatch channel;
  private final MessageServer server;

  private DiscoveryProtocol(String context, PongWatch channel, MessageServer server,
      AnswerBudget budget, AddressBook book, Supplier<NodeInfo> localNode, Clock clock,
      DiscoveryOptions options, ObservedAddress observed, DiscoveryMetrics metrics) {
    this.context = context;
    this.book = book;
    this.localNode = localNode;
    this.localKey = localNode.get().id();
    this.options = options;
    this.proofs = new EndpointProofs(clock, options.proofValidity(),
        options.proofPingInterval(), options.proofTableSize());
    this.limiter = new AnswerRateLimiter(clock, options.answersPerMinute(),
        options.proofTableSize());
    this.budget = budget;
    this.observed = observed;
    this.metrics = metrics;
    this.channel = channel;
    this.server = server;
  }

  /**
   * Opens the message server on {@code udp} and starts answering. Blocks briefly (the server
   * seeds its request-id generator): call it where blocking is allowed.
   *
   * @param maxDatagramSize and {@code networkId}: what bounds the size of our answers
   */
  static DiscoveryProtocol open(String context, RequestChannel udp, int maxDatagramSize,
      int networkId, AddressBook book, Supplier<NodeInfo> localNode, Clock clock,
      MeterRegistry registry, DiscoveryOptions options, ObservedAddress observed,
      DiscoveryMetrics metrics) {
    PongWatch channel = new PongWatch(udp, PROTOCOL, PING);
    MessageServer server = MessageServer.on(channel, PROTOCOL, options.requestLifetime(),
        registry, MessageServer.Options.defaults().withTimer(options.timer())
            .withMaxConcurrentHandlers(options.maxConcurrentHandlers()));
    AnswerBudget budget = new AnswerBudget(maxDatagramSize, networkId, PROTOCOL, GET_ADDRESSES);
    DiscoveryProtocol protocol = new DiscoveryProtocol(context, channel, server, budget, book,
        localNode, clock, options, observed, metrics);
    server.handle(PING, protocol::onPing).handle(GET_ADDRESSES, protocol::onGetAddresses);
    return protocol;
  }

  /** Closes the message server: pending requests fail with a ShutdownException. */
  Mono<Void> close() {
    return server.close();
  }

  @Override
  public Mono<PingResult> ping(NodeInfo node) {
    return Mono.defer(() -> ping(endpoint(node)));
  }

  @Override
  public Mono<List<NodeInfo>> getAddresses(NodeInfo node) {
    return Mono.defer(() -> getAddresses(endpoint(node)));
  }

  /** Whether {@code endpoint} is proven now (tests and diagnostics). */
  boolean isProven(Endpoint endpoint) {
    return proofs.isProven(endpoint);
  }

  Mono<PingResult> ping(Endpoint to) {
    return Mono.defer(() -> server.request(to, PING, NodeInfoCodec.encode(localNode.get())))
        .doOnNext(answer -> proofs.prove(to))
        .map(answer -> pingResult(to, answer));
  }

  Mono<List<NodeInfo>> getAddresses(Endpoint to) {
    Mono<List<NodeInfo>> attempt = Mono.defer(() -> server.request(to, GET_ADDRESSES,
            new byte[0]))
        .map(answer -> addresses(to, answer));
    return attempt
        .onErrorResume(DiscoveryProtocol::worthRetrying, e -> Mono.empty())
        .takeUntilOther(channel.answeredPingOf(to.key()))
        .switchIfEmpty(Mono.delay(RETRY_GRACE, options.timer()).then(attempt));
  }

  /** No answer (no proof yet, or lost), or a responder busy with a burst of requests. */
  private static boolean worthRetrying(Throwable e) {
    return e instanceof RequestTimeoutException
        || (e instanceof RemoteRequestException remote
            && RemoteRequestException.OVERLOADED.equals(remote.reason()));
  }

  private PingResult pingResult(Endpoint to, byte[] answer) {
    Entry entry;
    try {
      entry = NodeInfoCodec.decode(answer, "pong");
    } catch (MalformedMessageException e) {
      throw new InvalidAnswerException(context + " malformed PING answer from " + to, e);
    }
    if (!localKey.equals(entry.key())) {
      throw new InvalidAnswerException(context + " PING answer from " + to + " names key "
          + entry.key().shortId() + ", not ours");
    }
    String invalid = entry.invalidReason(Rules.PING);
    if (invalid != null) {
      throw new InvalidAnswerException(context + " PING answer from " + to + ": " + invalid);
    }
    PingResult result = new PingResult(to.key(), entry.address(), entry.tcpPort(),
        entry.udpPort());
    observed.record(to.key(), new InetSocketAddress(result.observedIp(),
        result.observedUdpPort()));
    return result;
  }

  private List<NodeInfo> addresses(Endpoint from, byte[] answer) {
    List<NodeInfo> decoded;
    try {
      decoded = NodeInfoCodec.decodeList(answer);
    } catch (MalformedMessageException e) {
      throw new InvalidAnswerException(context + " malformed GET_ADDRESSES answer from "
          + from, e);
    }
    List<NodeInfo> others = new ArrayList<>(decoded.size());
    for (NodeInfo node : decoded) {
      if (!node.id().equals(localKey)) {
        others.add(node);
      }
    }
    return others;
  }

  private Mono<byte[]> onPing(Request request) {
    Endpoint from = request.from();
    InetSocketAddress source = from.address();
    Entry claimed;
    try {
      if (source == null) {
        throw new MalformedMessageException("ping: no source address (not UDP)");
      }
      claimed = NodeInfoCodec.decode(request.payload(), "ping");
    } catch (MalformedMessageException e) {
      return ignore(Type.PING, Outcome.MALFORMED, from, e.getMessage());
    }
    NodeInfo pinger = storable(from.key(), source, claimed);
    if (pinger == null) {
      metrics.request(Type.PING, Outcome.INVALID);
    } else {
      metrics.request(Type.PING, Outcome.OK);
      if (book.add(pinger, localNode.get())) {
        metrics.learned(DiscoveryMetrics.VIA_PING, 1);
      }
    }
    return Mono.just(NodeInfoCodec.encode(from.key(), source.getAddress(), claimed.tcpPort(),
        source.getPort()));
  }

  /**
   * The pinger as we store it: its authenticated key, the observed source address and port,
   * and the TCP port it claims; null if the claim names another key, has invalid values (the
   * claimed address may be unspecified: we do not use it) or does not listen.
   */
  private static @Nullable NodeInfo storable(PublicKey key, InetSocketAddress source,
      Entry claimed) {
    if (!key.equals(claimed.key()) || claimed.invalidReason(Rules.PING) != null) {
      return null;
    }
    NodeInfo pinger = new NodeInfo(key, source.getAddress(), claimed.tcpPort(),
        source.getPort());
    return NodeInfoCodec.isValidAddress(pinger) ? pinger : null;
  }

  private Mono<byte[]> onGetAddresses(Request request) {
    Endpoint from = request.from();
    InetSocketAddress source = from.address();
    if (request.payload().length != 0 || source == null) {
      return ignore(Type.GET_ADDRESSES, Outcome.MALFORMED, from, "payload not empty");
    }
    if (!proofs.isProven(from)) {
      proveEndpoint(from, source);
      return ignore(Type.GET_ADDRESSES, Outcome.NO_PROOF, from, "endpoint not proven");
    }
    if (!limiter.tryAcquire(source)) {
      return ignore(Type.GET_ADDRESSES, Outcome.RATE_LIMITED, from, "answered enough");
    }
    List<NodeInfo> shareable = new ArrayList<>();
    for (NodeInfo node : book.addressCache()) {
      if (!node.id().equals(from.key()) && NodeInfoCodec.isValidAddress(node)) {
        shareable.add(node);
      }
    }
    List<NodeInfo> answer = budget.fit(shareable);
    metrics.request(Type.GET_ADDRESSES, Outcome.OK);
    if (log.isDebugEnabled()) {
      log.debug("{} sharing {} addresses with {}", context, answer.size(), from);
    }
    return Mono.just(NodeInfoCodec.encodeList(answer));
  }

  private void proveEndpoint(Endpoint requester, InetSocketAddress source) {
    if (!proofs.tryPing(source)) {
      metrics.proofPing("throttled");
      return;
    }
    metrics.proofPing("sent");
    ping(requester).subscribe(
        result -> metrics.proofPing("proven"),
        e -> {
          metrics.proofPing("failed");
          if (log.isDebugEnabled()) {
            log.debug("{} proof PING to {} failed: {}", context, requester, e.toString());
          }
        });
  }

  private Mono<byte[]> ignore(Type type, Outcome outcome, Endpoint from, String why) {
    metrics.request(type, outcome);
    if (log.isDebugEnabled()) {
      log.debug("{} ignoring {} from {}: {}", context, type.tag, from, why);
    }
    return Mono.empty();
  }

  private static Endpoint endpoint(NodeInfo node) {
    if (node.udpPort() == 0) {
      throw new IllegalArgumentException("node has no UDP port: " + node);
    }
    return Endpoint.of(node.id(), node.udpAddress());
  }
}
