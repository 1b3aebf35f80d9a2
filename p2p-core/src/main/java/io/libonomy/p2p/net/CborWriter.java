package io.libonomy.p2p.net;

/**
 * Writes one definite-length top-level CBOR array into an array of the exact encoded size,
 * computed up front with the {@code *Size} methods: no growing buffer and no final copy. The
 * encoding is canonical (§5.0): shortest-form integers and length headers, definite-length
 * text (from its UTF-8 bytes) and byte strings. Hand-written: every transport frame is
 * encoded here, and the few header shapes of CBOR's major types 0..4 need no general
 * generator.
 */
final class CborWriter {

  private static final int UNSIGNED = 0;
  private static final int NEGATIVE = 1 << 5;
  private static final int BYTES = 2 << 5;
  private static final int TEXT = 3 << 5;
  private static final int ARRAY = 4 << 5;

  private final byte[] out;
  private int position;

  private CborWriter(int size) {
    out = new byte[size];
  }

  /** A writer for an array of {@code count} elements whose whole encoding takes {@code size}. */
  static CborWriter array(int size, int count) {
    CborWriter writer = new CborWriter(size);
    writer.header(ARRAY, count);
    return writer;
  }

  /**
   * Bytes of a data item header (major types 0..5) with argument {@code value}; a negative
   * {@code value} stands for an unsigned 64-bit argument of 2^63 or more.
   */
  static int headerSize(long value) {
    if (value < 0) {
      return 9;
    }
    if (value < 24) {
      return 1;
    }
    if (value <= 0xFF) {
      return 2;
    }
    if (value <= 0xFFFF) {
      return 3;
    }
    return value <= 0xFFFF_FFFFL ? 5 : 9;
  }

  /** Bytes of the shortest encoding of a signed integer. */
  static int integerSize(long value) {
    return headerSize(value >= 0 ? value : -1 - value);
  }

  /** Bytes of a definite-length text or byte string of {@code length} bytes. */
  static int stringSize(int length) {
    return headerSize(length) + length;
  }

  CborWriter integer(long value) {
    if (value >= 0) {
      header(UNSIGNED, value);
    } else {
      header(NEGATIVE, -1 - value);
    }
    return this;
  }

  CborWriter text(byte[] utf8) {
    header(TEXT, utf8.length);
    System.arraycopy(utf8, 0, out, position, utf8.length);
    position += utf8.length;
    return this;
  }

  CborWriter bytes(byte[] bytes) {
    header(BYTES, bytes.length);
    System.arraycopy(bytes, 0, out, position, bytes.length);
    position += bytes.length;
    return this;
  }

  /** Returns the encoding, which must fill the array exactly. */
  byte[] finish() {
    if (position != out.length) {
      throw new IllegalStateException(
          "CBOR encoding took " + position + " bytes, computed " + out.length);
    }
    return out;
  }

  /** The shortest header of {@code major} with argument {@code value} (unsigned 64-bit). */
  private void header(int major, long value) {
    if (value >= 0 && value < 24) {
      out[position++] = (byte) (major | (int) value);
    } else if (value >= 0 && value <= 0xFF) {
      out[position++] = (byte) (major | 24);
      out[position++] = (byte) value;
    } else if (value >= 0 && value <= 0xFFFF) {
      out[position++] = (byte) (major | 25);
      out[position++] = (byte) (value >>> 8);
      out[position++] = (byte) value;
    } else if (value >= 0 && value <= 0xFFFF_FFFFL) {
      out[position++] = (byte) (major | 26);
      for (int shift = 24; shift >= 0; shift -= 8) {
        out[position++] = (byte) (value >>> shift);
      }
    } else {
      out[position++] = (byte) (major | 27);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out[position++] = (byte) (value >>> shift);
      }
    }
  }
}
