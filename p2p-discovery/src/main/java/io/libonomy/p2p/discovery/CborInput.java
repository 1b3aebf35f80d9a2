package io.libonomy.p2p.discovery;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser.NumberType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import io.libonomy.p2p.api.MalformedMessageException;
import java.io.IOException;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads the discovery payloads off Jackson's streaming CBOR parser with the §5.0 rules, the
 * same as the core's wire codec: definite- and indefinite-length arrays and strings accepted,
 * non-shortest integers accepted; tags, a wrong major type, an integer out of range and bytes
 * after the top-level item rejected. Every failure, Jackson's included, is a {@link
 * MalformedMessageException} naming the structure and field. Not thread-safe: one per payload.
 */
final class CborInput implements AutoCloseable {

  /** Configured as the core's {@code WireCodec} factory; thread-safe once built. */
  static final CBORFactory FACTORY =
      CBORFactory.builder()
          .enable(CBORParser.Feature.READ_SIMPLE_VALUE_AS_EMBEDDED_OBJECT)
          .enable(CBORGenerator.Feature.WRITE_MINIMAL_INTS)
          .disable(CBORGenerator.Feature.WRITE_TYPE_HEADER)
          .disable(CBORGenerator.Feature.STRINGREF)
          .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
          .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
          .build();

  private final CBORParser parser;
  private final String structure;

  private CborInput(CBORParser parser, String structure) {
    this.parser = parser;
    this.structure = structure;
  }

  /** A reader over {@code data}; {@code structure} prefixes every error message. */
  static CborInput of(byte[] data, String structure) {
    try {
      return new CborInput(FACTORY.createParser(data), structure);
    } catch (IOException | RuntimeException e) {
      throw wrap(structure, e);
    }
  }

  /** Reads the start of an array (the top level or an element). */
  void startArray(String field) {
    JsonToken token = next(field);
    if (token != JsonToken.START_ARRAY) {
      throw fail(field, "expected an array, got " + describe(token));
    }
  }

  /**
   * Reads the next element of a list of arrays: true if it starts an array, false at the end
   * of the list.
   */
  boolean nextArrayElement(String field) {
    JsonToken token = next(field);
    if (token == JsonToken.END_ARRAY) {
      return false;
    }
    if (token != JsonToken.START_ARRAY) {
      throw fail(field, "expected an array, got " + describe(token));
    }
    return true;
  }

  /** Reads the end of an array that must have no more elements. */
  void endArray(String field) {
    JsonToken token = next(field);
    if (token != JsonToken.END_ARRAY) {
      throw fail(field, "expected the end of the array, got " + describe(token));
    }
  }

  /** Reads a byte string element. */
  byte[] bytes(String field) {
    expect(field, JsonToken.VALUE_EMBEDDED_OBJECT, "a byte string");
    Object value;
    try {
      value = parser.getEmbeddedObject();
    } catch (IOException | RuntimeException e) {
      throw wrap(structure + "." + field, e);
    }
    // simple values also arrive as embedded objects (READ_SIMPLE_VALUE_AS_EMBEDDED_OBJECT)
    if (!(value instanceof byte[] bytes)) {
      throw fail(field, "expected a byte string, got a simple value");
    }
    return bytes;
  }

  /** Reads an unsigned integer element in {@code 0..max}. */
  int uint(String field, int max) {
    expect(field, JsonToken.VALUE_NUMBER_INT, "an integer");
    long value;
    try {
      NumberType type = parser.getNumberType();
      if (type != NumberType.INT && type != NumberType.LONG) {
        throw fail(field, "expected an integer within 64 bits, got a bignum");
      }
      value = parser.getLongValue();
    } catch (IOException | RuntimeException e) {
      throw wrap(structure + "." + field, e);
    }
    if (value < 0 || value > max) {
      throw fail(field, "expected an unsigned int <= " + max + ", got " + value);
    }
    return (int) value;
  }

  /** Requires the end of the input: nothing may follow the top-level item. */
  void end() {
    int trailing;
    try {
      trailing = parser.releaseBuffered(OutputStream.nullOutputStream());
    } catch (IOException | RuntimeException e) {
      throw wrap(structure, e);
    }
    if (trailing != 0 || next("end") != null) {
      throw new MalformedMessageException(structure + ": trailing bytes after the array");
    }
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      throw wrap(structure, e);
    }
  }

  private void expect(String field, JsonToken wanted, String what) {
    JsonToken token = next(field);
    if (token != wanted) {
      throw fail(field, "expected " + what + ", got " + describe(token));
    }
  }

  private @Nullable JsonToken next(String field) {
    JsonToken token;
    try {
      token = parser.nextToken();
    } catch (IOException | RuntimeException e) {
      throw wrap(structure + "." + field, e);
    }
    if (!parser.getCurrentTags().isEmpty()) {
      throw fail(field, "tags are not allowed");
    }
    if (token == null && parser.getParsingContext().inArray()) {
      throw fail(field, "truncated input");
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
}
