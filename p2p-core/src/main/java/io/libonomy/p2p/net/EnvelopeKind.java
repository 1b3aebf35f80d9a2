package io.libonomy.p2p.net;

import io.libonomy.p2p.api.MalformedMessageException;

/**
 * The first element of an {@link Envelope} (§5.4) and the fourth of a {@link UdpPlaintext}
 * (§5.5), written on the wire as an unsigned integer {@link #code()}.
 */
public enum EnvelopeKind {
  /** 0: the initiator's first transport frame, exactly {@code [0, "", 0, 0, h'']}. */
  HELLO(0),
  /** 1: a one-way message to a neighbour. */
  DIRECT(1),
  /** 2: a gossip message, relayed to every neighbour. */
  GOSSIP(2),
  /** 3: a request; answered by a {@link #RESPONSE} or a {@link #REQUEST_ERROR}. */
  REQUEST(3),
  /** 4: the answer to a {@link #REQUEST} with the same protocol, msgType and reqId. */
  RESPONSE(4),
  /** 5: a failed {@link #REQUEST}; the payload is a UTF-8 reason of at most 256 bytes. */
  REQUEST_ERROR(5);

  private static final EnvelopeKind[] BY_CODE = byCode();

  private final int code;

  EnvelopeKind(int code) {
    this.code = code;
  }

  /** The wire code of this kind. */
  public int code() {
    return code;
  }

  /**
   * The kind with wire code {@code code}.
   *
   * @throws MalformedMessageException if no kind has that code
   */
  public static EnvelopeKind fromCode(long code) {
    if (code < 0 || code >= BY_CODE.length) {
      throw new MalformedMessageException("unknown envelope kind " + code);
    }
    return BY_CODE[(int) code];
  }

  private static EnvelopeKind[] byCode() {
    EnvelopeKind[] kinds = values();
    EnvelopeKind[] table = new EnvelopeKind[kinds.length];
    for (EnvelopeKind kind : kinds) {
      table[kind.code] = kind;
    }
    return table;
  }
}
