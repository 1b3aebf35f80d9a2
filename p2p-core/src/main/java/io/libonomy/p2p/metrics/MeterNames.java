package io.libonomy.p2p.metrics;

/**
 * The Micrometer meter names of this library. Prometheus names follow from Micrometer's
 * conventions ({@code p2p.bytes.sent} becomes {@code p2p_bytes_sent_total}).
 */
public final class MeterNames {

  /** Gauge: connected peers; tag {@code direction} = {@code in} | {@code out}. */
  public static final String PEERS = "p2p.peers";
  /** Counter: bytes written to TCP sockets, frame headers included. */
  public static final String BYTES_SENT = "p2p.bytes.sent";
  /** Counter: bytes read from TCP sockets, frame headers included. */
  public static final String BYTES_RECEIVED = "p2p.bytes.received";
  /** Counter: inbound messages or frames not delivered; tag {@code reason}. */
  public static final String FRAMES_DROPPED = "p2p.frames.dropped";
  /** Counter: handshakes; tag {@code result} = {@code ok} or the failed check. */
  public static final String HANDSHAKES = "p2p.handshakes";
  /** Counter: connections refused at accept; tag {@code reason}. */
  public static final String CONNECTIONS_REFUSED = "p2p.connections.refused";
  /** Counter: connections closed for a protocol violation; tag {@code reason}. */
  public static final String PROTOCOL_VIOLATIONS = "p2p.protocol.violations";
  /**
   * Gauge: messages waiting in a protocol's inbound queue; tags {@code protocol} and
   * {@code kind} = {@code direct} | {@code request}.
   */
  public static final String QUEUE_LENGTH = "p2p.queue.length";
  /** Counter: messages delivered to a subscriber; tags {@code protocol} and {@code kind}. */
  public static final String MESSAGES_DELIVERED = "p2p.messages.delivered";

  /** Counter: UDP datagrams; tag {@code direction} = {@code in} | {@code out}. */
  public static final String UDP_DATAGRAMS = "p2p.udp.datagrams";
  /** Counter: UDP bytes; tag {@code direction}. */
  public static final String UDP_BYTES = "p2p.udp.bytes";
  /** Counter: datagrams dropped without an answer; tag {@code reason}. */
  public static final String UDP_DROPPED = "p2p.udp.dropped";
  /** Counter: UDP envelopes delivered to a listener; tag {@code protocol}. */
  public static final String UDP_DELIVERED = "p2p.udp.delivered";
  /** Gauge: UDP envelopes waiting for a protocol's listener; tag {@code protocol}. */
  public static final String UDP_QUEUE_LENGTH = "p2p.udp.queue.length";

  /* Request/response (io.libonomy.p2p.server.MessageServer), all tagged protocol. */
  /** Counter: outbound requests by outcome; tags {@code protocol}, {@code result}. */
  public static final String REQUESTS = "p2p.requests";
  /** Timer: request sent to answer (RESPONSE or REQUEST_ERROR) received; tag {@code protocol}. */
  public static final String REQUEST_LATENCY = "p2p.request.latency";
  /** Gauge: outbound requests waiting for an answer; tag {@code protocol}. */
  public static final String REQUESTS_PENDING = "p2p.requests.pending";
  /** Counter: inbound envelopes dropped; tags {@code protocol}, {@code reason}. */
  public static final String REQUESTS_DROPPED = "p2p.requests.dropped";
  /** Counter: inbound requests refused before a handler ran; tags {@code protocol}, reason. */
  public static final String REQUESTS_REJECTED = "p2p.requests.rejected";
  /** Counter: inbound requests a handler ran for; tags {@code protocol}, {@code result}. */
  public static final String REQUESTS_SERVED = "p2p.requests.served";
  /** Counter: answers the channel failed to send; tag {@code protocol}. */
  public static final String ANSWERS_FAILED = "p2p.requests.answers.failed";

  public static final String TAG_REASON = "reason";
  public static final String TAG_RESULT = "result";
  public static final String TAG_DIRECTION = "direction";
  public static final String TAG_PROTOCOL = "protocol";
  public static final String TAG_KIND = "kind";

  private MeterNames() {}
}
