package io.libonomy.p2p.net;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** UTF-8 lengths and truncation for the text fields of the wire messages. */
final class Utf8 {

  private Utf8() {}

  /**
   * The UTF-8 length of {@code text}.
   *
   * @throws IllegalArgumentException naming {@code field} if {@code text} has an unpaired
   *     surrogate, which has no UTF-8 form
   */
  static int length(String text, String field) {
    int bytes = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (!Character.isSurrogate(c)) {
        bytes += 3;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        throw new IllegalArgumentException(
            field + ": unpaired surrogate at index " + i + " has no UTF-8 encoding");
      }
    }
    return bytes;
  }

  /** The UTF-8 bytes of well-formed text (checked by {@link #length}). */
  static byte[] encode(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The UTF-8 bytes of {@code text}, cut to at most {@code maxBytes} without splitting a
   * character; unpaired surrogates become {@code '?'}.
   */
  static byte[] truncate(String text, int maxBytes) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= maxBytes) {
      return bytes;
    }
    int end = maxBytes;
    // bytes[end] is the first byte dropped: a continuation byte there means the cut is inside a
    // character, so back off to that character's lead byte.
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--;
    }
    return Arrays.copyOf(bytes, end);
  }
}
