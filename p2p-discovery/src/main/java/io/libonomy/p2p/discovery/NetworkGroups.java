package io.libonomy.p2p.discovery;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Routability and network groups of IP addresses, after Bitcoin Core's {@code netaddress.cpp}
 * as the seed ported it (seed reference §12.3).
 *
 * <p>Deviation: every address that is not routable (loopback, 0.0.0.0/8, private, link-local,
 * documentation ranges...) is its own group {@code "local:<ip>:<tcp port>"}. The seed put all of
 * them in one group ({@code "localNode"} or {@code "unroutable"}), so a whole network on
 * 127.0.0.1 fit in one bucket of the book. Unroutable addresses are accepted only from
 * unroutable sources, i.e. from the same host or network, which the operator controls.
 */
final class NetworkGroups {

  private NetworkGroups() {}

  /**
   * Whether {@code ip} may be stored at all (besides ports and key, see
   * {@link DefaultAddressBook}): not unspecified, not multicast, not the IPv4 broadcast.
   */
  static boolean isValid(InetAddress ip) {
    if (ip.isAnyLocalAddress() || ip.isMulticastAddress()) {
      return false;
    }
    byte[] b = ip.getAddress();
    return !(b.length == 4 && (b[0] & b[1] & b[2] & b[3]) == (byte) 0xff);
  }

  /** Loopback, or 0.0.0.0/8. */
  static boolean isLocal(InetAddress ip) {
    if (ip.isLoopbackAddress()) {
      return true;
    }
    byte[] b = ip.getAddress();
    return b.length == 4 && b[0] == 0;
  }

  /** Whether {@code ip} is reachable from the public Internet (seed §12.3). */
  static boolean isRoutable(InetAddress ip) {
    if (!isValid(ip) || isLocal(ip)) {
      return false;
    }
    byte[] b = ip.getAddress();
    return b.length == 4 ? isRoutable4(b) : isRoutable6(b);
  }

  /**
   * The group of an address: the unit the book limits per bucket. IPv4 and IPv6 tunnels of IPv4
   * → the /16 ({@code "1.2.0.0"}); other IPv6 → the /32 ({@code "2001:db9::"}, /36 for
   * Hurricane Electric); OnionCat → {@code "tor:<n>"}; unroutable → {@code
   * "local:<ip>:<tcpPort>"}, one group per node.
   */
  static String group(InetAddress ip, int tcpPort) {
    if (!isRoutable(ip)) {
      return "local:" + ip.getHostAddress() + ":" + tcpPort;
    }
    byte[] b = ip.getAddress();
    if (ip instanceof Inet4Address) {
      return slash16(b, 0);
    }
    if (isRfc6145(b) || isRfc6052(b)) {
      return slash16(b, 12);
    }
    if (u8(b, 0) == 0x20 && u8(b, 1) == 0x02) { // RFC3964 6to4, 2002::/16
      return slash16(b, 2);
    }
    if (isTeredo(b)) {
      return (u8(b, 12) ^ 0xff) + "." + (u8(b, 13) ^ 0xff) + ".0.0";
    }
    if (isOnionCat(b)) {
      return "tor:" + (b[6] & 0x0f);
    }
    boolean heNet = u8(b, 0) == 0x20 && u8(b, 1) == 0x01 && u8(b, 2) == 0x04 && u8(b, 3) == 0x70;
    return heNet ? prefix6(b, 36) : prefix6(b, 32);
  }

  private static boolean isRoutable4(byte[] b) {
    int a0 = u8(b, 0);
    int a1 = u8(b, 1);
    int a2 = u8(b, 2);
    boolean rfc1918 = a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168);
    boolean rfc2544 = a0 == 198 && (a1 == 18 || a1 == 19);
    boolean rfc3927 = a0 == 169 && a1 == 254;
    boolean rfc5737 = (a0 == 192 && a1 == 0 && a2 == 2) || (a0 == 198 && a1 == 51 && a2 == 100)
        || (a0 == 203 && a1 == 0 && a2 == 113);
    boolean rfc6598 = a0 == 100 && a1 >= 64 && a1 <= 127;
    return !(rfc1918 || rfc2544 || rfc3927 || rfc5737 || rfc6598);
  }

  private static boolean isRoutable6(byte[] b) {
    boolean rfc4862 = u8(b, 0) == 0xfe && u8(b, 1) == 0x80 && allZero(b, 2, 8);
    boolean rfc3849 = u8(b, 0) == 0x20 && u8(b, 1) == 0x01 && u8(b, 2) == 0x0d && u8(b, 3) == 0xb8;
    boolean rfc4843 = u8(b, 0) == 0x20 && u8(b, 1) == 0x01 && u8(b, 2) == 0x00
        && (u8(b, 3) & 0xf0) == 0x10;
    boolean rfc4193 = (u8(b, 0) & 0xfe) == 0xfc;
    return !(rfc4862 || rfc3849 || rfc4843 || (rfc4193 && !isOnionCat(b)));
  }

  private static boolean isRfc6145(byte[] b) { // ::ffff:0:0:0/96
    return allZero(b, 0, 8) && u8(b, 8) == 0xff && u8(b, 9) == 0xff && allZero(b, 10, 12);
  }

  private static boolean isRfc6052(byte[] b) { // 64:ff9b::/96
    return u8(b, 0) == 0 && u8(b, 1) == 0x64 && u8(b, 2) == 0xff && u8(b, 3) == 0x9b
        && allZero(b, 4, 12);
  }

  private static boolean isTeredo(byte[] b) { // 2001::/32
    return u8(b, 0) == 0x20 && u8(b, 1) == 0x01 && u8(b, 2) == 0 && u8(b, 3) == 0;
  }

  private static boolean isOnionCat(byte[] b) { // fd87:d87e:eb43::/48
    return u8(b, 0) == 0xfd && u8(b, 1) == 0x87 && u8(b, 2) == 0xd8 && u8(b, 3) == 0x7e
        && u8(b, 4) == 0xeb && u8(b, 5) == 0x43;
  }

  private static String slash16(byte[] b, int offset) {
    return u8(b, offset) + "." + u8(b, offset + 1) + ".0.0";
  }

  private static String prefix6(byte[] b, int bits) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      int word = (u8(b, 2 * i) << 8) | u8(b, 2 * i + 1);
      int keep = Math.min(16, Math.max(0, bits - 16 * i));
      int masked = keep == 0 ? 0 : word & (0xffff << (16 - keep)) & 0xffff;
      text.append(Integer.toHexString(masked)).append(':');
    }
    return text.append(':').toString();
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static int u8(byte[] b, int i) {
    return b[i] & 0xff;
  }
}
