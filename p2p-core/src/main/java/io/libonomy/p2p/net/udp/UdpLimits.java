package io.libonomy.p2p.net.udp;

/**
 * The bounds of the mux's tables that {@link io.libonomy.p2p.config.P2PConfig} does not carry.
 *
 * @param sources token buckets kept (one per IPv4 address or IPv6 /64), least recently used
 *     evicted first
 * @param sharedKeys precomputed box keys kept (one per peer key), least recently used evicted
 * @param replayEntries {@code (S_sender, n)} pairs remembered, oldest evicted first
 * @param cryptoInFlight datagrams of uncached senders queued or running on the crypto
 *     scheduler; more are dropped ({@code busy})
 */
record UdpLimits(int sources, int sharedKeys, int replayEntries, int cryptoInFlight) {

  static final UdpLimits DEFAULTS = new UdpLimits(10_000, 10_000, 100_000, 256);

  UdpLimits {
    positive(sources, "sources");
    positive(sharedKeys, "sharedKeys");
    positive(replayEntries, "replayEntries");
    positive(cryptoInFlight, "cryptoInFlight");
  }

  private static void positive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1: " + value);
    }
  }
}
