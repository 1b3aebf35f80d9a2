package io.libonomy.p2p.net;

import com.fasterxml.jackson.core.JsonParser.NumberType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import io.libonomy.p2p.api.MalformedMessageException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads CBOR off Jackson's streaming parser and applies the §5.0 rules to every token: no
 * tags, the exact major type, integers within range, nothing after the top-level item;
 * definite- and indefinite-length arrays and strings are both accepted. Every failure,
 * Jackson's included, is a {@link MalformedMessageException} whose message starts with
 * {@code structure.field}.
 *
 * <p>Two ways in: the wire codec's structures are one array of a known element count
 * ({@code open}, package-private), checked element by element; other payloads (discovery's
 * address lists) walk nested arrays with {@link #of}, {@link #startArray},
 * {@link #nextArrayElement}, {@link #endArray} and finish with {@link #endOfInput()}.
 * Not thread-safe: one reader per payload, closed after use.
 */
public final class CborReader implements AutoCloseable {

  /** {@code count} of a reader that does not check a fixed element count. */
  private static final int ANY_COUNT = -1;

  private final CBORParser parser;
  private final String structure;
  private final int count;
  private int index;

  private CborReader(CBORParser parser, String structure, int count) {
    this.parser = parser;
    this.structure = structure;
    this.count = count;
  }

  /**
   * Opens {@code data[offset, offset + length)} and reads the start of an array of {@code count}
   * elements.
   *
   * @throws IndexOutOfBoundsException if the range is not inside {@code data}
   */
  static CborReader open(byte[] data, int offset, int length, String structure, int count) {
    Objects.requireNonNull(data, "data");
    Objects.checkFromIndexSize(offset, length, data.length);
    CBORParser parser;
    try {
      parser = WireCodec.FACTORY.createParser(data, offset, length);
    } catch (IOException | RuntimeException e) {
      throw wrap(structure, e);
    }
    CborReader reader = new CborReader(parser, structure, count);
    try {
      JsonToken token = reader.next(structure);
      if (token != JsonToken.START_ARRAY) {
        throw new MalformedMessageException(
            structure + ": expected an array of " + count + " elements, got " + describe(token));
      }
      return reader;
    } catch (MalformedMessageException e) {
      reader.close();
      throw e;
    }
  }

  /**
   * A reader over all of {@code data}, positioned before its first item; {@code structure}
   * starts every error message.
   *
   * @throws MalformedMessageException if the parser cannot even start
   */
  public static CborReader of(byte[] data, String structure) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(structure, "structure");
    try {
      return new CborReader(WireCodec.FACTORY.createParser(data), structure, ANY_COUNT);
    } catch (IOException | RuntimeException e) {
      throw wrap(structure, e);
    }
  }

  /** Reads the start of an array: the top-level item or an element. */
  public void startArray(String field) {
    JsonToken token = next(structure + "." + field);
    if (token != JsonToken.START_ARRAY) {
      throw fail(field, "expected an array, got " + describe(token));
    }
  }

  /**
   * Reads the next element of a list of arrays: true if it starts an array, false at the end
   * of the list.
   */
  public boolean nextArrayElement(String field) {
    JsonToken token = next(structure + "." + field);
    if (token == JsonToken.END_ARRAY) {
      return false;
    }
    if (token != JsonToken.START_ARRAY) {
      throw fail(field, "expected an array, got " + describe(token));
    }
    return true;
  }

  /** Reads the end of an array that must have no more elements. */
  public void endArray(String field) {
    JsonToken token = next(structure + "." + field);
    if (token != JsonToken.END_ARRAY) {
      throw fail(field, "expected the end of the array, got " + describe(token));
    }
  }

  /** Reads a text element that must equal {@code expected}: the message's type tag. */
  void typeTag(String expected) {
    String tag = text("tag");
    if (!tag.equals(expected)) {
      throw fail("tag", "expected \"" + expected + "\"");
    }
  }

  /** Reads an unsigned integer element in {@code 0..max}. */
  public long uint(String field, long max) {
    long value = integer(field);
    if (value < 0 || value > max) {
      throw fail(field, "expected an unsigned int <= " + describeMax(max) + ", got " + value);
    }
    return value;
  }

  /** Reads a signed integer element within the 64-bit range (major type 0 or 1). */
  long integer(String field) {
    expect(field, JsonToken.VALUE_NUMBER_INT, "an integer");
    try {
      NumberType type = parser.getNumberType();
      if (type != NumberType.INT && type != NumberType.LONG) {
        throw fail(field, "expected an integer within 64 bits, got a bignum or a larger integer");
      }
      return parser.getLongValue();
    } catch (IOException | RuntimeException e) {
      throw wrap(structure + "." + field, e);
    }
  }

  /** Reads an {@link EnvelopeKind} code element. */
  EnvelopeKind kind(String field) {
    long code = uint(field, Integer.MAX_VALUE);
    try {
      return EnvelopeKind.fromCode(code);
    } catch (MalformedMessageException e) {
      throw fail(field, e.getMessage());
    }
  }

  /** Reads a text string element (definite or chunked, valid UTF-8). */
  String text(String field) {
    expect(field, JsonToken.VALUE_STRING, "a text string");
    try {
      return parser.getText();
    } catch (IOException | RuntimeException e) {
      throw wrap(structure + "." + field, e);
    }
  }

  /** Reads a text string element of at most {@code maxBytes} UTF-8 bytes. */
  String text(String field, int maxBytes) {
    String text = text(field);
    int bytes = Utf8.length(text, field);
    if (bytes > maxBytes) {
      throw fail(field, "expected at most " + maxBytes + " bytes of UTF-8, got " + bytes);
    }
    return text;
  }

  /** Reads a byte string element (definite or chunked). */
  public byte[] bytes(String field) {
    expect(field, JsonToken.VALUE_EMBEDDED_OBJECT, "a byte string");
    Object value;
    try {
      value = parser.getEmbeddedObject();
    } catch (IOException | RuntimeException e) {
      throw wrap(structure + "." + field, e);
    }
    // Simple values also arrive as embedded objects (READ_SIMPLE_VALUE_AS_EMBEDDED_OBJECT).
    if (!(value instanceof byte[] bytes)) {
      throw fail(field, "expected a byte string, got a simple value");
    }
    return bytes;
  }

  /** Reads a byte string element of exactly {@code length} bytes. */
  byte[] bytes(String field, int length) {
    byte[] bytes = bytes(field);
    if (bytes.length != length) {
      throw fail(field, "expected " + length + " bytes, got " + bytes.length);
    }
    return bytes;
  }

  /** Reads the end of the array and requires the end of the input right after it. */
  void end() {
    JsonToken token = next(structure);
    if (token != JsonToken.END_ARRAY) {
      throw new MalformedMessageException(
          structure + ": expected " + count + " elements, got more");
    }
    endOfInput();
  }

  /** Requires the end of the input: nothing may follow the top-level item. */
  public void endOfInput() {
    int trailing;
    try {
      trailing = parser.releaseBuffered(OutputStream.nullOutputStream());
    } catch (IOException | RuntimeException e) {
      throw wrap(structure, e);
    }
    // Jackson reports end of input, not an error, for some truncated items (a lone tag byte),
    // so the byte count is what proves that nothing follows the top-level item.
    if (trailing != 0 || next(structure) != null) {
      throw new MalformedMessageException(structure + ": trailing bytes after the array");
    }
  }

  /** Releases the parser's buffers; closing a parser over a byte array cannot fail. */
  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      throw wrap(structure, e);
    }
  }

  private void expect(String field, JsonToken wanted, String what) {
    JsonToken token = next(structure + "." + field);
    if (token == JsonToken.END_ARRAY && count != ANY_COUNT) {
      throw new MalformedMessageException(
          structure + ": expected " + count + " elements, got " + index);
    }
    if (token != wanted) {
      throw fail(field, "expected " + what + ", got " + describe(token));
    }
    index++;
  }

  private @Nullable JsonToken next(String where) {
    JsonToken token;
    try {
      token = parser.nextToken();
    } catch (IOException | RuntimeException e) {
      throw wrap(where, e);
    }
    // getCurrentTag() cannot tell tag 2^32−1 or 2^64−1 from "no tag" (both read as -1); the
    // tag list can. Tags 2 and 3 around a byte string are consumed into a BIG_INTEGER instead.
    if (!parser.getCurrentTags().isEmpty()) {
      throw new MalformedMessageException(where + ": tags are not allowed");
    }
    if (token == null && parser.getParsingContext().inArray()) {
      throw new MalformedMessageException(where + ": truncated input");
    }
    return token;
  }

  private MalformedMessageException fail(String field, String message) {
    return new MalformedMessageException(structure + "." + field + ": " + message);
  }

  private static MalformedMessageException wrap(String where, Throwable e) {
    if (e instanceof MalformedMessageException malformed) {
      return malformed;
    }
    String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
    return new MalformedMessageException(where + ": invalid CBOR: " + detail, e);
  }

  private static String describe(@Nullable JsonToken token) {
    if (token == null) {
      return "the end of the input";
    }
    return switch (token) {
      case START_ARRAY -> "an array";
      case END_ARRAY -> "the end of the array";
      case START_OBJECT -> "a map";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a float";
      case VALUE_STRING -> "a text string";
      case VALUE_EMBEDDED_OBJECT -> "a byte string or simple value";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null or undefined";
      default -> token.name();
    };
  }

  private static String describeMax(long max) {
    if (max == Long.MAX_VALUE) {
      return "2^63-1";
    }
    return max == Integer.MAX_VALUE ? "2^31-1" : Long.toString(max);
  }
}
