package io.libonomy.p2p.discovery;

/**
 * The Micrometer meters of the discovery service (names start with {@code p2p.discovery.}),
 * besides the request/response meters of its {@link io.libonomy.p2p.server.MessageServer}
 * (tag {@code protocol=/udp/v2/discovery}).
 */
public final class DiscoveryMeters {

  /**
   * Counter: discovery requests received; tags {@link #TAG_TYPE} ({@code ping} |
   * {@code get_addresses}), {@link #TAG_RESULT} ({@code answered} | {@code ignored}) and
   * {@link #TAG_REASON}: {@code ok}; {@code invalid} (a PING answered whose values may not be
   * stored); {@code malformed}, {@code no_proof}, {@code rate_limited} (ignored).
   */
  public static final String REQUESTS = "p2p.discovery.requests";
  /**
   * Counter: addresses newly stored in the address book; tag {@link #TAG_VIA} = {@code ping}
   * (a pinger, stored by the responder), {@code exchange} (a GET_ADDRESSES answer) or
   * {@code bootnode}.
   */
  public static final String ADDRESSES_LEARNED = "p2p.discovery.addresses.learned";
  /**
   * Counter: PINGs sent to prove a requester's endpoint; tag {@link #TAG_RESULT} = {@code sent}
   * | {@code throttled} (one went to that address and port recently) | {@code proven} |
   * {@code failed}.
   */
  public static final String PROOF_PINGS = "p2p.discovery.proof.pings";
  /**
   * Counter: refresh and bootstrap rounds; tag {@link #TAG_RESULT} = {@code learned} |
   * {@code nothing_new} (servers answered, nothing new) | {@code unreachable} (no server
   * answered) | {@code no_servers}.
   */
  public static final String ROUNDS = "p2p.discovery.rounds";
  /** Counter: peers-file saves; tag {@link #TAG_RESULT} = {@code ok} | {@code failed}. */
  public static final String SAVES = "p2p.discovery.saves";
  /** Gauge: addresses in the address book. */
  public static final String BOOK_SIZE = "p2p.discovery.book.size";

  public static final String TAG_TYPE = "type";
  public static final String TAG_RESULT = "result";
  public static final String TAG_REASON = "reason";
  public static final String TAG_VIA = "via";

  private DiscoveryMeters() {}
}
