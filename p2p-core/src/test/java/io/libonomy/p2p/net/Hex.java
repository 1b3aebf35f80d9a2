package io.libonomy.p2p.net;

import java.util.HexFormat;

/** Lower-case hex, the byte-string form of the wire vectors. */
final class Hex {

  private static final HexFormat FORMAT = HexFormat.of();

  private Hex() {}

  static byte[] decode(String hex) {
    return FORMAT.parseHex(hex);
  }

  static String encode(byte[] bytes) {
    return FORMAT.formatHex(bytes);
  }
}
