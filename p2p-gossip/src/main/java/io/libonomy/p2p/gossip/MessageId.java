package io.libonomy.p2p.gossip;

import io.libonomy.p2p.crypto.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A gossip message's id (ARCHITECTURE §5.7): the first 12 bytes of
 * {@code SHA-256(payload || UTF-8(protocol))}. The sender is not part of it, so a message has
 * one id however it travels; the same payload on two protocols is two messages.
 *
 * @param high the id's first 8 bytes, big-endian
 * @param low the id's last 4 bytes, big-endian
 */
public record MessageId(long high, int low) {

  /** Bytes in an id. */
  public static final int LENGTH = 12;

  /** The id of {@code payload} gossiped on {@code protocol}. */
  public static MessageId of(byte[] payload, String protocol) {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(protocol, "protocol");
    ByteBuffer digest = ByteBuffer.wrap(
        Sha256.digest(payload, protocol.getBytes(StandardCharsets.UTF_8)));
    return new MessageId(digest.getLong(), digest.getInt());
  }

  /** The id's 12 bytes. */
  public byte[] bytes() {
    return ByteBuffer.allocate(LENGTH).putLong(high).putInt(low).array();
  }

  // Written out rather than left to the record: the generated ones go through an
  // invokedynamic bootstrap that profiles showed on every seen-cache lookup of a relay.
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof MessageId other && high == other.high && low == other.low;
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(high) + low;
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes());
  }
}
