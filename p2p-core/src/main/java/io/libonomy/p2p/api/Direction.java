package io.libonomy.p2p.api;

/** Which side opened a connection: {@code OUTBOUND} = we dialed, {@code INBOUND} = the peer did. */
public enum Direction {
  INBOUND,
  OUTBOUND;

  /** The tag value used in meters: {@code in} or {@code out}. */
  public String tag() {
    return this == INBOUND ? "in" : "out";
  }
}
