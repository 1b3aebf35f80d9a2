package io.libonomy.p2p.net;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The fast path of {@link WireCodec#decodeEnvelope}: decodes, by hand, an envelope in the
 * shape every encoder of §5.0 produces — a definite array of five, definite-length strings, an
 * ASCII protocol name — and returns {@code null} for anything else, which the general decoder
 * then accepts or rejects with its exact error. So it accepts nothing the general decoder
 * would reject, and returns the same envelope for what it accepts; it only skips building a
 * parser for the common case (every transport frame goes through here).
 */
final class CanonicalEnvelope {

  private static final int ARRAY_OF_FIVE = 0x85;
  private static final int MAJOR_UNSIGNED = 0;
  private static final int MAJOR_BYTES = 2;
  private static final int MAJOR_TEXT = 3;
  private static final long NOT_SIMPLE = -1;

  private final byte[] data;
  private final int end;
  private int position;

  private CanonicalEnvelope(byte[] data, int offset, int length) {
    this.data = data;
    this.position = offset;
    this.end = offset + length;
  }

  /** The envelope, or {@code null} when the input is not in the simple canonical shape. */
  static @Nullable Envelope decode(byte[] data, int offset, int length) {
    return new CanonicalEnvelope(data, offset, length).read();
  }

  private @Nullable Envelope read() {
    if (position >= end || (data[position++] & 0xFF) != ARRAY_OF_FIVE) {
      return null;
    }
    long kindCode = argument(MAJOR_UNSIGNED);
    if (kindCode < 0 || kindCode > EnvelopeKind.values().length - 1) {
      return null;
    }
    long protocolLength = argument(MAJOR_TEXT);
    if (protocolLength < 0 || protocolLength > end - position) {
      return null;
    }
    int protocolStart = position;
    for (int i = 0; i < protocolLength; i++) {
      if (data[protocolStart + i] < 0) {
        return null; // non-ASCII: the general decoder validates UTF-8
      }
    }
    position += (int) protocolLength;
    long msgType = argument(MAJOR_UNSIGNED);
    if (msgType < 0 || msgType > Integer.MAX_VALUE) {
      return null;
    }
    long reqId = argument(MAJOR_UNSIGNED);
    if (reqId < 0) {
      return null;
    }
    long payloadLength = argument(MAJOR_BYTES);
    if (payloadLength < 0 || payloadLength != end - position) {
      return null;
    }
    String protocol = new String(data, protocolStart, (int) protocolLength,
        StandardCharsets.US_ASCII);
    byte[] payload = Arrays.copyOfRange(data, position, end);
    try {
      return new Envelope(EnvelopeKind.fromCode(kindCode), protocol, (int) msgType, reqId,
          payload);
    } catch (RuntimeException e) {
      return null; // let the general decoder report it
    }
  }

  /**
   * The argument of a data item of {@code major} with a definite argument below 2^63, or
   * {@link #NOT_SIMPLE} for another major type, an indefinite length, a reserved value or
   * input that ends early.
   */
  private long argument(int major) {
    if (position >= end) {
      return NOT_SIMPLE;
    }
    int initial = data[position++] & 0xFF;
    if (initial >>> 5 != major) {
      return NOT_SIMPLE;
    }
    int info = initial & 0x1F;
    if (info < 24) {
      return info;
    }
    int bytes = switch (info) {
      case 24 -> 1;
      case 25 -> 2;
      case 26 -> 4;
      case 27 -> 8;
      default -> 0;
    };
    if (bytes == 0 || end - position < bytes) {
      return NOT_SIMPLE;
    }
    long value = 0;
    for (int i = 0; i < bytes; i++) {
      value = (value << 8) | (data[position++] & 0xFF);
    }
    return value; // an 8-byte argument of 2^63 or more comes out negative: NOT_SIMPLE-like
  }
}
