package io.libonomy.p2p.net;

import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one definite-length top-level CBOR array through a single Jackson generator into an
 * array of the exact encoded size, computed up front with the {@code *Size} methods: no growing
 * buffer and no final copy. Integers are shortest-form (WRITE_MINIMAL_INTS); text is written from
 * its UTF-8 bytes and byte strings whole, so both always get a definite, shortest length header
 * (Jackson's {@code writeString} would chunk text longer than about 4,000 characters).
 */
final class CborWriter {

  private final ArraySink sink;
  private final CBORGenerator generator;

  private CborWriter(int size) {
    sink = new ArraySink(size);
    try {
      generator = WireCodec.FACTORY.createGenerator(sink);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a CBOR generator", e);
    }
  }

  /** A writer for an array of {@code count} elements whose whole encoding takes {@code size}. */
  static CborWriter array(int size, int count) {
    CborWriter writer = new CborWriter(size);
    try {
      writer.generator.writeStartArray(null, count);
    } catch (IOException e) {
      throw writer.failure(e);
    }
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
    try {
      generator.writeNumber(value);
    } catch (IOException e) {
      throw failure(e);
    }
    return this;
  }

  CborWriter text(byte[] utf8) {
    try {
      generator.writeRawUTF8String(utf8, 0, utf8.length);
    } catch (IOException e) {
      throw failure(e);
    }
    return this;
  }

  CborWriter bytes(byte[] bytes) {
    try {
      generator.writeBinary(bytes, 0, bytes.length);
    } catch (IOException e) {
      throw failure(e);
    }
    return this;
  }

  /** Ends the array and returns the encoding, which must fill the array exactly. */
  byte[] finish() {
    try {
      generator.writeEndArray();
      generator.close();
    } catch (IOException e) {
      throw failure(e);
    }
    return sink.filled();
  }

  private IllegalStateException failure(IOException e) {
    // The sink never fails and every value was validated by its record, so this is a bug.
    return new IllegalStateException("CBOR encoding failed", e);
  }

  /** An output stream over a fixed array that must end exactly full. */
  private static final class ArraySink extends OutputStream {
    private final byte[] out;
    private int position;

    ArraySink(int size) {
      out = new byte[size];
    }

    @Override
    public void write(int b) {
      out[position++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      System.arraycopy(b, off, out, position, len);
      position += len;
    }

    byte[] filled() {
      if (position != out.length) {
        throw new IllegalStateException(
            "CBOR encoding took " + position + " bytes, computed " + out.length);
      }
      return out;
    }
  }
}
