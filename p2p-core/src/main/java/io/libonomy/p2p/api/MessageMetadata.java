package io.libonomy.p2p.api;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where a message came from.
 *
 * @param remoteAddress the socket address of the connection (TCP) or datagram (UDP) it arrived on
 */
public record MessageMetadata(InetSocketAddress remoteAddress) {

  public MessageMetadata {
    Objects.requireNonNull(remoteAddress, "remoteAddress");
  }
}
