package io.libonomy.p2p.net.udp;

/**
 * Why an inbound datagram was not delivered: the {@code reason} tag of {@code p2p.udp.dropped}.
 * Listed in the order the receive path checks them (§5.5); the last four are decided after the
 * datagram was authenticated.
 */
enum DropReason {
  /** The whole datagram is above {@code maxDatagramSize}. */
  OVERSIZE("oversize"),
  /** Its source (IPv4 address, IPv6 /64) is over {@code udpRatePerSource}. */
  RATE_LIMIT("rate_limit"),
  /** The first byte is not 0x01 (checked on any non-empty datagram). */
  VERSION_BYTE("version_byte"),
  /** Shorter than the smallest datagram (an empty box), or empty. */
  SHORT("short"),
  /** The sender key is our own. */
  SELF("self"),
  /** An uncached sender arrived while the crypto workers had too many datagrams in flight. */
  BUSY("busy"),
  /** X25519 with the sender key gave all zeros. */
  LOW_ORDER_KEY("low_order_key"),
  /** The box did not open. */
  BOX("box"),
  /** The plaintext is not a well-formed {@code p}. */
  MALFORMED("malformed"),
  /** A kind other than REQUEST, RESPONSE or REQUEST_ERROR. */
  KIND("kind"),
  /** Another network id. */
  NETWORK("network"),
  /** |now − timestamp| is above {@code maxClockDrift}. */
  CLOCK_DRIFT("clock_drift"),
  /** {@code (S_sender, n)} was seen before. */
  REPLAY("replay"),
  /** A REQUEST with reqId 0. */
  REQUEST_ID_ZERO("request_id_zero"),
  /** The protocol's listener is {@code bufferSize} envelopes behind. */
  OVERFLOW("overflow"),
  /**
   * Nobody listens on the protocol (a REQUEST is also answered "no handler"), or the listener
   * left before it took the envelope.
   */
  NO_LISTENER("no_listener"),
  /** An unexpected failure in the receive path (a bug); logged at warn. */
  INTERNAL("internal");

  private final String tag;

  DropReason(String tag) {
    this.tag = tag;
  }

  /** The meter tag value. */
  String tag() {
    return tag;
  }
}
