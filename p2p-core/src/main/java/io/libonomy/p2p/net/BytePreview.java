package io.libonomy.p2p.net;

import java.util.HexFormat;

/** The text form of a byte array field in the messages' {@code toString()}. */
final class BytePreview {

  private static final int MAX_SHOWN = 32;

  private BytePreview() {}

  /** Its length, then up to the first 32 bytes in hex: {@code "5 bytes 68656c6c6f"}. */
  static String of(byte[] bytes) {
    if (bytes.length == 0) {
      return "0 bytes";
    }
    int shown = Math.min(bytes.length, MAX_SHOWN);
    return bytes.length + " bytes " + HexFormat.of().formatHex(bytes, 0, shown)
        + (shown < bytes.length ? "..." : "");
  }
}
