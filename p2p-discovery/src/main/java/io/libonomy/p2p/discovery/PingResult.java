package io.libonomy.p2p.discovery;

import io.libonomy.p2p.crypto.PublicKey;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A PING's answer (ARCHITECTURE §5.6): the responder's authenticated key and how it saw the
 * pinger: the source IP and UDP port the datagram came from and the TCP port the pinger claimed.
 */
public record PingResult(PublicKey responder, InetAddress observedIp, int claimedTcpPort,
    int observedUdpPort) {
  public PingResult {
    Objects.requireNonNull(responder, "responder");
    Objects.requireNonNull(observedIp, "observedIp");
  }
}
