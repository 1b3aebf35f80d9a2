package io.libonomy.p2p.server;

import io.libonomy.p2p.net.Envelope;
import java.util.Objects;

/**
 * An envelope received on a request channel.
 *
 * @param from the authenticated sender (and, on UDP, the datagram's source address, where
 *     answers must go)
 * @param envelope a REQUEST, RESPONSE or REQUEST_ERROR
 */
public record InboundEnvelope(Endpoint from, Envelope envelope) {

  public InboundEnvelope {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(envelope, "envelope");
  }
}
