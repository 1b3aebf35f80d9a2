package io.libonomy.p2p.api;

/**
 * The peer is banned for a while (it sent more invalid gossip than
 * {@code p2p.max-invalid-per-minute}): this node neither dials it nor keeps its connections.
 */
public class PeerBannedException extends P2PException {

  public PeerBannedException(String message) {
    super(message);
  }
}
