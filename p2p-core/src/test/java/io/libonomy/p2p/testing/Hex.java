package io.libonomy.p2p.testing;

import java.util.HexFormat;

/** Lower-case hex for test vectors; whitespace in the input is ignored so vectors can wrap. */
public final class Hex {

  private static final HexFormat FORMAT = HexFormat.of();

  private Hex() {}

  public static byte[] decode(String hex) {
    return FORMAT.parseHex(hex.replaceAll("\\s", ""));
  }

  public static String encode(byte[] bytes) {
    return FORMAT.formatHex(bytes);
  }
}
