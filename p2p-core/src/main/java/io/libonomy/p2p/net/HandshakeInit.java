package io.libonomy.p2p.net;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The handshake plaintext {@code m1} the initiator boxes into frame 1 (§5.2), on the wire the
 * CBOR array
 *
 * <pre>
 * ["hs1", networkId:uint, clientVersion:text, listenPort:uint, timestampMillis:int,
 *  E_I:bytes(32)]
 * </pre>
 *
 * <p>{@code networkId} is 0..2^31−1, {@code clientVersion} at most {@value
 * #MAX_CLIENT_VERSION_BYTES} bytes of UTF-8 (its shape is checked by the handshake, §5.9),
 * {@code listenPort} 0..65535 (0: "I do not accept connections"), {@code timestampMillis} signed
 * 64-bit Unix milliseconds and {@code E_I} the initiator's 32-byte ephemeral X25519 public key.
 * See {@link WireCodec} for the encoding and for what a decoder rejects.
 *
 * <p>Immutable except for {@code ephemeralKey}: the array is owned by the record (neither copied
 * in nor out) and must not be modified. {@link #equals}, {@link #hashCode} and {@link #toString}
 * use its contents.
 *
 * @param networkId the network the initiator belongs to, 0..2^31−1
 * @param clientVersion the initiator's client version, at most 128 bytes of UTF-8
 * @param listenPort the initiator's TCP listen port, 0..65535
 * @param timestampMillis the initiator's clock, Unix milliseconds
 * @param ephemeralKey {@code E_I}, 32 bytes
 */
public record HandshakeInit(
    int networkId,
    String clientVersion,
    int listenPort,
    long timestampMillis,
    byte[] ephemeralKey) {

  /** Upper bound of {@code clientVersion} in UTF-8 bytes (§5.9), in m1 and m2 alike. */
  public static final int MAX_CLIENT_VERSION_BYTES = 128;

  /**
   * Validates every field.
   *
   * @throws NullPointerException if a reference is null
   * @throws IllegalArgumentException naming the field if a value is out of range, {@code
   *     clientVersion} is longer than 128 UTF-8 bytes or not encodable, or the key is not 32
   *     bytes
   */
  public HandshakeInit {
    FieldChecks.nonNegative(networkId, "networkId");
    FieldChecks.clientVersion(clientVersion);
    FieldChecks.port(listenPort, "listenPort");
    FieldChecks.key(ephemeralKey, "ephemeralKey");
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof HandshakeInit other
        && networkId == other.networkId
        && listenPort == other.listenPort
        && timestampMillis == other.timestampMillis
        && clientVersion.equals(other.clientVersion)
        && Arrays.equals(ephemeralKey, other.ephemeralKey);
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(networkId, clientVersion, listenPort, timestampMillis);
    return 31 * h + Arrays.hashCode(ephemeralKey);
  }

  @Override
  public String toString() {
    return "HandshakeInit[networkId=" + networkId + ", clientVersion=" + clientVersion
        + ", listenPort=" + listenPort + ", timestampMillis=" + timestampMillis
        + ", ephemeralKey=" + BytePreview.of(ephemeralKey) + "]";
  }
}
