package io.libonomy.p2p.net;

import java.util.Objects;

/**
 * An envelope with its encoding (§5.4), made once to be sent on many connections: gossip
 * relays one message to every neighbour, and each connection then only seals the same bytes.
 *
 * @param envelope the envelope
 * @param plaintext {@link WireCodec#encode(Envelope)} of it; not to be modified
 */
public record EncodedEnvelope(Envelope envelope, byte[] plaintext) {

  public EncodedEnvelope {
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(plaintext, "plaintext");
  }

  /** Encodes {@code envelope}. */
  public static EncodedEnvelope of(Envelope envelope) {
    return new EncodedEnvelope(envelope, WireCodec.encode(envelope));
  }
}
