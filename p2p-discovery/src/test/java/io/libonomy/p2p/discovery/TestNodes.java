package io.libonomy.p2p.discovery;

import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.identity.NodeInfo;
import io.libonomy.p2p.testing.MutableClock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.random.RandomGenerator;

/** Addresses and keys for address-book tests, all drawn from a seeded generator. */
final class TestNodes {

  /** 2023-11-14T22:13:20Z: any fixed instant far from the epoch. */
  static final long START = 1_700_000_000_000L;

  private TestNodes() {}

  static MutableClock clock() {
    return MutableClock.at(START);
  }

  static PublicKey key(RandomGenerator random) {
    byte[] bytes = new byte[PublicKey.LENGTH];
    random.nextBytes(bytes);
    return PublicKey.of(bytes);
  }

  static InetAddress ip(int a, int b, int c, int d) {
    return ip(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
  }

  static InetAddress ip(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** Parses an IP literal (never a DNS lookup: literals only). */
  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  static NodeInfo node(RandomGenerator random, InetAddress ip, int port) {
    return new NodeInfo(key(random), ip, port, port);
  }

  /** A node on a random public IPv4 address (first octet 1..99, avoiding 10/8) and port. */
  static NodeInfo publicNode(RandomGenerator random) {
    int first = 1 + random.nextInt(99);
    if (first == 10) {
      first = 11;
    }
    return node(random, ip(first, random.nextInt(256), random.nextInt(256),
        1 + random.nextInt(254)), 1024 + random.nextInt(60_000));
  }

  /** A node in the /16 {@code a.b.0.0} at a random host and port. */
  static NodeInfo nodeIn16(RandomGenerator random, int a, int b) {
    return node(random, ip(a, b, random.nextInt(256), 1 + random.nextInt(254)),
        1024 + random.nextInt(60_000));
  }

  static NodeInfo loopback(RandomGenerator random, int port) {
    return node(random, ip(127, 0, 0, 1), port);
  }
}
