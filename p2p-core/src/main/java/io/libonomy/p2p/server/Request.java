package io.libonomy.p2p.server;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request as a {@link MessageServer} handler sees it.
 *
 * <p>The payload array is the received envelope's own (not copied): a handler may read it and
 * keep it, but must not modify it. {@link #equals}, {@link #hashCode} and {@link #toString} use
 * the array's contents.
 *
 * @param from the authenticated sender; on UDP also the datagram's source address, where the
 *     answer goes
 * @param msgType the protocol's message type, 0..2^31−1
 * @param payload the request bytes
 */
public record Request(Endpoint from, int msgType, byte[] payload) {

  /**
   * @throws NullPointerException if a reference is null
   * @throws IllegalArgumentException if {@code msgType} is negative
   */
  public Request {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(payload, "payload");
    if (msgType < 0) {
      throw new IllegalArgumentException("msgType must be >= 0: " + msgType);
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Request other
        && msgType == other.msgType
        && from.equals(other.from)
        && Arrays.equals(payload, other.payload);
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hash(from, msgType) + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "Request[from=" + from + ", msgType=" + msgType + ", payload=" + payload.length
        + " bytes]";
  }
}
