package io.libonomy.p2p.net;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The plaintext {@code p} of a UDP datagram (§5.5), on the wire the CBOR array
 *
 * <pre>
 * ["udp", networkId:uint, timestampMillis:int, kind:uint, protocol:text, msgType:uint,
 *  reqId:uint, payload:bytes]
 * </pre>
 *
 * <p>{@code networkId} is 0..2^31−1, {@code timestampMillis} signed 64-bit Unix milliseconds,
 * {@code kind} any {@link EnvelopeKind} code (that UDP carries only REQUEST, RESPONSE and
 * REQUEST_ERROR is checked by the UDP layer, not here), {@code msgType} 0..2^31−1 and {@code
 * reqId} 0..2^63−1. See {@link WireCodec} for the encoding and for what a decoder rejects.
 *
 * <p>Immutable except for {@code payload}: the array is owned by the record (neither copied in
 * nor out) and must not be modified. {@link #equals}, {@link #hashCode} and {@link #toString}
 * use its contents.
 *
 * @param networkId the sender's network, 0..2^31−1
 * @param timestampMillis the sender's clock, Unix milliseconds
 * @param kind what the datagram carries
 * @param protocol the protocol name
 * @param msgType the protocol's message type, 0..2^31−1
 * @param reqId the request id, 0..2^63−1
 * @param payload the application bytes
 */
public record UdpPlaintext(
    int networkId,
    long timestampMillis,
    EnvelopeKind kind,
    String protocol,
    int msgType,
    long reqId,
    byte[] payload) {

  /**
   * Validates every field.
   *
   * @throws NullPointerException if a reference is null
   * @throws IllegalArgumentException naming the field if {@code networkId}, {@code msgType} or
   *     {@code reqId} is negative or {@code protocol} has an unpaired surrogate
   */
  public UdpPlaintext {
    FieldChecks.nonNegative(networkId, "networkId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(protocol, "protocol");
    FieldChecks.nonNegative(msgType, "msgType");
    FieldChecks.nonNegative(reqId, "reqId");
    Objects.requireNonNull(payload, "payload");
    Utf8.length(protocol, "protocol");
  }

  /** The plaintext carrying {@code envelope}'s fields (its payload array is shared). */
  public static UdpPlaintext of(int networkId, long timestampMillis, Envelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    return new UdpPlaintext(networkId, timestampMillis, envelope.kind(), envelope.protocol(),
        envelope.msgType(), envelope.reqId(), envelope.payload());
  }

  /** The envelope fields of this plaintext (its payload array is shared). */
  public Envelope envelope() {
    return new Envelope(kind, protocol, msgType, reqId, payload);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof UdpPlaintext other
        && networkId == other.networkId
        && timestampMillis == other.timestampMillis
        && kind == other.kind
        && msgType == other.msgType
        && reqId == other.reqId
        && protocol.equals(other.protocol)
        && Arrays.equals(payload, other.payload);
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(networkId, timestampMillis, kind, protocol, msgType, reqId);
    return 31 * h + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "UdpPlaintext[networkId=" + networkId + ", timestampMillis=" + timestampMillis
        + ", kind=" + kind + ", protocol=" + protocol + ", msgType=" + msgType
        + ", reqId=" + reqId + ", payload=" + BytePreview.of(payload) + "]";
  }
}
