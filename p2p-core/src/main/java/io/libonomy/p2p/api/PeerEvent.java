package io.libonomy.p2p.api;

import io.libonomy.p2p.crypto.PublicKey;
import java.util.Objects;

/** A neighbour joined or left. Events of one peer are published in order. */
public sealed interface PeerEvent {

  /** The peer's static key. */
  PublicKey peer();

  /** Which side opened the connection. */
  Direction direction();

  /** A secure session with {@code peer} is established and counted as a neighbour. */
  record Connected(PublicKey peer, Direction direction) implements PeerEvent {
    public Connected {
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(direction, "direction");
    }
  }

  /** The session with {@code peer} closed. */
  record Disconnected(PublicKey peer, Direction direction) implements PeerEvent {
    public Disconnected {
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(direction, "direction");
    }
  }
}
