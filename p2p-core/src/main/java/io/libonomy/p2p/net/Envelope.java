package io.libonomy.p2p.net;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The plaintext of a transport frame (§5.4), on the wire the CBOR array
 *
 * <pre>[kind:uint, protocol:text, msgType:uint, reqId:uint, payload:bytes]</pre>
 *
 * <p>{@code kind} is an {@link EnvelopeKind} code, {@code msgType} is 0..2^31−1 and {@code
 * reqId} 0..2^63−1. DIRECT and GOSSIP carry msgType 0 and reqId 0; a REQUEST carries reqId ≥ 1
 * and is answered by a RESPONSE or a REQUEST_ERROR with the same protocol, msgType and reqId.
 * See {@link WireCodec} for the encoding and for what a decoder rejects.
 *
 * <p>Immutable except for {@code payload}: the array is owned by the record (neither copied in
 * nor out); whoever builds or receives an envelope must not modify it afterwards. {@link
 * #equals}, {@link #hashCode} and {@link #toString} use the array's contents.
 *
 * @param kind what the frame is
 * @param protocol the protocol name; empty only in HELLO
 * @param msgType the protocol's message type, 0..2^31−1
 * @param reqId the request id, 0..2^63−1
 * @param payload the application bytes
 */
public record Envelope(
    EnvelopeKind kind, String protocol, int msgType, long reqId, byte[] payload) {

  /** Upper bound of a REQUEST_ERROR reason in UTF-8 bytes. */
  public static final int MAX_ERROR_REASON_BYTES = 256;

  private static final Envelope HELLO = new Envelope(EnvelopeKind.HELLO, "", 0, 0, new byte[0]);

  /**
   * Validates every field.
   *
   * @throws NullPointerException if a reference is null
   * @throws IllegalArgumentException naming the field if {@code msgType} or {@code reqId} is
   *     negative or {@code protocol} has an unpaired surrogate
   */
  public Envelope {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(payload, "payload");
    if (msgType < 0) {
      throw new IllegalArgumentException("msgType must be >= 0: " + msgType);
    }
    if (reqId < 0) {
      throw new IllegalArgumentException("reqId must be >= 0: " + reqId);
    }
    Utf8.length(protocol, "protocol");
  }

  /** The HELLO envelope {@code [0, "", 0, 0, h'']}: the initiator's first transport frame. */
  public static Envelope hello() {
    return HELLO;
  }

  /** A DIRECT envelope: msgType 0, reqId 0. */
  public static Envelope direct(String protocol, byte[] payload) {
    return new Envelope(EnvelopeKind.DIRECT, protocol, 0, 0, payload);
  }

  /** A GOSSIP envelope: msgType 0, reqId 0. */
  public static Envelope gossip(String protocol, byte[] payload) {
    return new Envelope(EnvelopeKind.GOSSIP, protocol, 0, 0, payload);
  }

  /**
   * A REQUEST envelope.
   *
   * @throws IllegalArgumentException if {@code reqId} is below 1 (a REQUEST with reqId 0 is a
   *     protocol violation) or another field is invalid
   */
  public static Envelope request(String protocol, int msgType, long reqId, byte[] payload) {
    if (reqId < 1) {
      throw new IllegalArgumentException("reqId of a REQUEST must be >= 1: " + reqId);
    }
    return new Envelope(EnvelopeKind.REQUEST, protocol, msgType, reqId, payload);
  }

  /** A RESPONSE envelope answering the REQUEST with the same protocol, msgType and reqId. */
  public static Envelope response(String protocol, int msgType, long reqId, byte[] payload) {
    return new Envelope(EnvelopeKind.RESPONSE, protocol, msgType, reqId, payload);
  }

  /**
   * A REQUEST_ERROR envelope answering the REQUEST with the same protocol, msgType and reqId;
   * the payload is {@code reason} in UTF-8, cut to at most {@value #MAX_ERROR_REASON_BYTES}
   * bytes without splitting a character (unpaired surrogates become {@code '?'}).
   */
  public static Envelope requestError(String protocol, int msgType, long reqId, String reason) {
    Objects.requireNonNull(reason, "reason");
    return new Envelope(
        EnvelopeKind.REQUEST_ERROR,
        protocol,
        msgType,
        reqId,
        Utf8.truncate(reason, MAX_ERROR_REASON_BYTES));
  }

  /** True iff this is exactly {@code [0, "", 0, 0, h'']}, the only valid HELLO. */
  public boolean isHello() {
    return kind == EnvelopeKind.HELLO
        && protocol.isEmpty()
        && msgType == 0
        && reqId == 0
        && payload.length == 0;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Envelope other
        && kind == other.kind
        && msgType == other.msgType
        && reqId == other.reqId
        && protocol.equals(other.protocol)
        && Arrays.equals(payload, other.payload);
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(kind, protocol, msgType, reqId);
    return 31 * h + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "Envelope[kind=" + kind + ", protocol=" + protocol + ", msgType=" + msgType
        + ", reqId=" + reqId + ", payload=" + BytePreview.of(payload) + "]";
  }
}
