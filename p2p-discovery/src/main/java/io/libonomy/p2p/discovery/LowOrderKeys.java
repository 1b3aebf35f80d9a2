package io.libonomy.p2p.discovery;

import io.libonomy.p2p.crypto.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Recognises the X25519 public keys of small order, with which every shared secret is zero
 * (ARCHITECTURE §5.6: never stored). The list is libsodium's: the five canonical low-order
 * u-coordinates and the two non-canonical encodings {@code p} and {@code p + 1}, compared with
 * the top bit cleared as X25519 ignores it. A lookup instead of a scalar multiplication, since
 * every address heard is checked.
 */
final class LowOrderKeys {

  private static final List<byte[]> POINTS = List.of(
      hex("0000000000000000000000000000000000000000000000000000000000000000"),
      hex("0100000000000000000000000000000000000000000000000000000000000000"),
      hex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
      hex("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157"),
      hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
      hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
      hex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"));

  private LowOrderKeys() {}

  static boolean isLowOrder(PublicKey key) {
    byte[] bytes = key.bytes();
    bytes[PublicKey.LENGTH - 1] &= 0x7f;
    for (byte[] point : POINTS) {
      if (Arrays.equals(point, bytes)) {
        return true;
      }
    }
    return false;
  }

  /** The listed points, for tests. */
  static List<byte[]> points() {
    return POINTS.stream().map(byte[]::clone).toList();
  }

  private static byte[] hex(String text) {
    return HexFormat.of().parseHex(text);
  }
}
