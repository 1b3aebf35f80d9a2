package io.libonomy.p2p.discovery;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.libonomy.p2p.api.InvalidNodeUrlException;
import io.libonomy.p2p.identity.NodeInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Streaming reader of the peers file (format in {@link PeersFile}): checks the shape as it
 * goes, holds at most {@link DefaultAddressBook#MAX_ENTRIES} entries, and skips the bucket
 * lists and unknown fields.
 */
final class PeersFileReader {

  /** The file's content does not have the peers file's shape. */
  static final class CorruptException extends IOException {
    private static final long serialVersionUID = 1L;

    CorruptException(String message) {
      super(message);
    }
  }

  /** What a well-formed file holds. */
  record Content(byte[] key, List<BookSnapshot.Entry> entries) {}

  private final JsonParser json;

  private PeersFileReader(JsonParser json) {
    this.json = json;
  }

  /** Reads a whole file from {@code json}, which it closes. */
  static Content read(JsonParser json) throws IOException {
    try (json) {
      return new PeersFileReader(json).content();
    }
  }

  private Content content() throws IOException {
    expect(json.nextToken(), JsonToken.START_OBJECT, "the file");
    byte[] key = null;
    List<BookSnapshot.Entry> entries = new ArrayList<>();
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = json.nextToken();
      switch (field) {
        case "Key" -> key = key(value);
        case "Addresses" -> addresses(value, entries);
        default -> json.skipChildren();
      }
    }
    expect(json.currentToken(), JsonToken.END_OBJECT, "the file");
    if (json.nextToken() != null) {
      throw new CorruptException("trailing content after the top-level object");
    }
    if (key == null) {
      throw new CorruptException("no Key");
    }
    return new Content(key, entries);
  }

  private byte[] key(JsonToken value) throws IOException {
    expect(value, JsonToken.START_ARRAY, "Key");
    byte[] key = new byte[BucketHasher.KEY_LENGTH];
    int length = 0;
    while (json.nextToken() != JsonToken.END_ARRAY) {
      expect(json.currentToken(), JsonToken.VALUE_NUMBER_INT, "a Key byte");
      int b = json.getIntValue();
      if (b < 0 || b > 255 || length == key.length) {
        throw new CorruptException("Key is not 32 numbers 0..255");
      }
      key[length++] = (byte) b;
    }
    if (length != key.length) {
      throw new CorruptException("Key has " + length + " bytes, not 32");
    }
    return key;
  }

  private void addresses(JsonToken value, List<BookSnapshot.Entry> entries) throws IOException {
    expect(value, JsonToken.START_ARRAY, "Addresses");
    while (json.nextToken() != JsonToken.END_ARRAY) {
      if (entries.size() == DefaultAddressBook.MAX_ENTRIES) {
        throw new CorruptException("more than " + DefaultAddressBook.MAX_ENTRIES + " addresses");
      }
      entries.add(entry());
    }
  }

  private BookSnapshot.Entry entry() throws IOException {
    expect(json.currentToken(), JsonToken.START_OBJECT, "an address");
    String addr = null;
    String src = null;
    int attempts = 0;
    long[] times = new long[3];
    boolean tried = false;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = json.nextToken();
      switch (field) {
        case "Addr" -> addr = text(value, field);
        case "Src" -> src = text(value, field);
        case "Attempts" -> attempts = Math.max(0, (int) Math.min(number(value, field), 1 << 20));
        case "LastSeen" -> times[0] = millis(number(value, field));
        case "LastAttempt" -> times[1] = millis(number(value, field));
        case "LastSuccess" -> times[2] = millis(number(value, field));
        case "Tried" -> tried = bool(value, field);
        default -> json.skipChildren();
      }
    }
    if (addr == null) {
      throw new CorruptException("an address without Addr");
    }
    NodeInfo address = url(addr);
    NodeInfo source = address;
    if (src != null) {
      try {
        source = NodeInfo.parseUrl(src);
      } catch (InvalidNodeUrlException e) {
        source = address;
      }
    }
    return new BookSnapshot.Entry(address, source, attempts, times[0], times[1], times[2], tried,
        List.of());
  }

  private static NodeInfo url(String text) throws CorruptException {
    try {
      return NodeInfo.parseUrl(text);
    } catch (InvalidNodeUrlException e) {
      throw new CorruptException("unparsable Addr: " + e.getMessage());
    }
  }

  private String text(JsonToken value, String field) throws IOException {
    expect(value, JsonToken.VALUE_STRING, field);
    return json.getText();
  }

  private long number(JsonToken value, String field) throws IOException {
    expect(value, JsonToken.VALUE_NUMBER_INT, field);
    return json.getLongValue();
  }

  private boolean bool(JsonToken value, String field) throws IOException {
    if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
      throw new CorruptException(field + " is not a boolean");
    }
    return value == JsonToken.VALUE_TRUE;
  }

  /** Unix seconds to epoch milliseconds; up to 0 (the seed's zero time too) means never. */
  private static long millis(long seconds) throws CorruptException {
    if (seconds <= 0) {
      return 0;
    }
    if (seconds > Long.MAX_VALUE / 1000) {
      throw new CorruptException("time out of range: " + seconds);
    }
    return seconds * 1000;
  }

  private static void expect(@Nullable JsonToken actual, JsonToken expected, String what)
      throws CorruptException {
    if (actual != expected) {
      throw new CorruptException(
          what + " is " + (actual == null ? "missing" : actual) + ", expected " + expected);
    }
  }
}
