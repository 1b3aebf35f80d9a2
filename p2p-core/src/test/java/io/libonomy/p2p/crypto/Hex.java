package io.libonomy.p2p.crypto;

import java.util.HexFormat;

/** Lower-case hex for test vectors; whitespace in the input is ignored so vectors can wrap. */
final class Hex {

  private static final HexFormat FORMAT = HexFormat.of();

  private Hex() {}

  static byte[] decode(String hex) {
    return FORMAT.parseHex(hex.replaceAll("\\s", ""));
  }

  static String encode(byte[] bytes) {
    return FORMAT.formatHex(bytes);
  }
}
