package io.libonomy.p2p.discovery;

import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.EnvelopeKind;
import io.libonomy.p2p.server.Endpoint;
import io.libonomy.p2p.server.InboundEnvelope;
import io.libonomy.p2p.server.RequestChannel;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The discovery server's view of the UDP channel: passes everything through and tells when an
 * answer to a peer's PING has been handed to the socket. A GET_ADDRESSES requester waits for
 * that moment (§5.6: the responder PINGs an unproven requester instead of answering) to retry
 * at once instead of after its request lifetime.
 *
 * <p>The signal is a direct best-effort multicast: nothing is buffered, a watcher sees only the
 * answers sent while it watches.
 */
final class PongWatch implements RequestChannel {

  private static final Duration EMIT_SPIN = Duration.ofMillis(50);

  private final RequestChannel delegate;
  private final String protocol;
  private final int pingType;
  private final Sinks.Many<Endpoint> answered = Sinks.many().multicast().directBestEffort();

  PongWatch(RequestChannel delegate, String protocol, int pingType) {
    this.delegate = delegate;
    this.protocol = protocol;
    this.pingType = pingType;
  }

  @Override
  public Flux<InboundEnvelope> listen(String protocol) {
    return delegate.listen(protocol);
  }

  @Override
  public Mono<Void> send(Endpoint to, Envelope envelope) {
    Mono<Void> sent = delegate.send(to, envelope);
    if (envelope.kind() != EnvelopeKind.RESPONSE || envelope.msgType() != pingType
        || !protocol.equals(envelope.protocol())) {
      return sent;
    }
    // concurrent senders contend only for the moment of an emission: spin briefly, never block
    return sent.doOnSuccess(v -> answered.emitNext(to,
        Sinks.EmitFailureHandler.busyLooping(EMIT_SPIN)));
  }

  /**
   * Completes when an answer to a PING from {@code peer}'s key (from any address: a
   * multi-homed responder may ping from another one) has been sent after subscription.
   */
  Mono<Void> answeredPingOf(PublicKey peer) {
    return answered.asFlux().filter(to -> peer.equals(to.key())).next().then();
  }
}
