package io.libonomy.p2p.api;

import io.libonomy.p2p.crypto.PublicKey;
import java.util.Objects;

/**
 * A direct message received from a neighbour.
 *
 * @param sender the authenticated static key of the peer at the other end of the session
 * @param protocol the protocol name it was sent on
 * @param payload the application bytes; the array is owned by the receiver
 * @param metadata where it came from
 */
public record DirectMessage(
    PublicKey sender, String protocol, byte[] payload, MessageMetadata metadata) {

  public DirectMessage {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(metadata, "metadata");
  }

  @Override
  public String toString() {
    return "DirectMessage[sender=" + sender.shortId() + ", protocol=" + protocol
        + ", payload=" + payload.length + " bytes, from=" + metadata.remoteAddress() + "]";
  }
}
