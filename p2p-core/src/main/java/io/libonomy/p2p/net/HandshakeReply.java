package io.libonomy.p2p.net;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The handshake plaintext {@code m2} the responder boxes into frame 2 (§5.2), on the wire the
 * CBOR array
 *
 * <pre>
 * ["hs2", networkId:uint, clientVersion:text, listenPort:uint, E_R:bytes(32),
 *  E_I:bytes(32)]
 * </pre>
 *
 * <p>{@code networkId} is 0..2^31−1, {@code clientVersion} at most {@value
 * HandshakeInit#MAX_CLIENT_VERSION_BYTES} bytes of UTF-8, {@code listenPort} 0..65535, {@code
 * E_R} the responder's 32-byte ephemeral X25519 public key and {@code E_I} the initiator's, echoed
 * back. See {@link WireCodec} for the encoding and for what a decoder rejects.
 *
 * <p>Immutable except for the two key arrays: they are owned by the record (neither copied in
 * nor out) and must not be modified. {@link #equals}, {@link #hashCode} and {@link #toString}
 * use their contents.
 *
 * @param networkId the network the responder belongs to, 0..2^31−1
 * @param clientVersion the responder's client version, at most 128 bytes of UTF-8
 * @param listenPort the responder's TCP listen port, 0..65535
 * @param responderEphemeral {@code E_R}, 32 bytes
 * @param initiatorEphemeral {@code E_I} from m1, 32 bytes
 */
public record HandshakeReply(
    int networkId,
    String clientVersion,
    int listenPort,
    byte[] responderEphemeral,
    byte[] initiatorEphemeral) {

  /**
   * Validates every field.
   *
   * @throws NullPointerException if a reference is null
   * @throws IllegalArgumentException naming the field if a value is out of range, {@code
   *     clientVersion} is longer than 128 UTF-8 bytes or not encodable, or a key is not 32 bytes
   */
  public HandshakeReply {
    FieldChecks.nonNegative(networkId, "networkId");
    FieldChecks.clientVersion(clientVersion);
    FieldChecks.port(listenPort, "listenPort");
    FieldChecks.key(responderEphemeral, "responderEphemeral");
    FieldChecks.key(initiatorEphemeral, "initiatorEphemeral");
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof HandshakeReply other
        && networkId == other.networkId
        && listenPort == other.listenPort
        && clientVersion.equals(other.clientVersion)
        && Arrays.equals(responderEphemeral, other.responderEphemeral)
        && Arrays.equals(initiatorEphemeral, other.initiatorEphemeral);
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(networkId, clientVersion, listenPort);
    h = 31 * h + Arrays.hashCode(responderEphemeral);
    return 31 * h + Arrays.hashCode(initiatorEphemeral);
  }

  @Override
  public String toString() {
    return "HandshakeReply[networkId=" + networkId + ", clientVersion=" + clientVersion
        + ", listenPort=" + listenPort
        + ", responderEphemeral=" + BytePreview.of(responderEphemeral)
        + ", initiatorEphemeral=" + BytePreview.of(initiatorEphemeral) + "]";
  }
}
