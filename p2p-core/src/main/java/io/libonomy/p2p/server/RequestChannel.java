package io.libonomy.p2p.server;

import io.libonomy.p2p.net.Envelope;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a {@link MessageServer} runs over: something that delivers the REQUEST, RESPONSE and
 * REQUEST_ERROR envelopes of a protocol with their authenticated sender, and sends envelopes
 * to an endpoint. Implemented by the TCP {@code Switch} and by the UDP mux.
 */
public interface RequestChannel {

  /**
   * The REQUEST, RESPONSE and REQUEST_ERROR envelopes received on {@code protocol}. One
   * subscriber per protocol at a time; while none is subscribed, requests are answered with
   * REQUEST_ERROR "no handler" and answers are dropped and counted. The stream is bounded:
   * a subscriber that falls {@code bufferSize} envelopes behind loses the newest ones, and
   * every loss is counted (a request lost this way times out at its sender). Completes when
   * the channel shuts down.
   */
  Flux<InboundEnvelope> listen(String protocol);

  /**
   * Sends {@code envelope} to {@code to}. Completes when it is written (TCP) or handed to the
   * socket (UDP); fails with a {@link io.libonomy.p2p.api.P2PException} subclass otherwise.
   */
  Mono<Void> send(Endpoint to, Envelope envelope);
}
