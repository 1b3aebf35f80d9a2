package io.libonomy.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.api.MalformedMessageException;
import io.libonomy.p2p.testing.Hex;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Encoding is canonical for every length and range; decoding gives back the same value. */
class WireCodecRoundTripTest {

  private static final byte[] KEY_A = filled(32, 0x11);
  private static final byte[] KEY_B = filled(32, 0x22);

  @Test
  void kibProtocolNameRoundTripsWithADefiniteLengthHeader() {
    Envelope envelope = Envelope.direct("p".repeat(1024), new byte[] {1});

    byte[] encoded = WireCodec.encode(envelope);

    assertThat(Hex.encode(Arrays.copyOfRange(encoded, 0, 5))).isEqualTo("8501790400");
    assertThat(encoded).hasSize(WireCodec.encodedSize(envelope)).hasSize(1 + 1 + 3 + 1024 + 4);
    assertThat(WireCodec.decodeEnvelope(encoded)).isEqualTo(envelope);
  }

  @Test
  void textLongerThanJacksonsChunkThresholdStaysDefinite() {
    String protocol = "é".repeat(5000);
    Envelope envelope = Envelope.gossip(protocol, new byte[0]);

    byte[] encoded = WireCodec.encode(envelope);

    assertThat(Hex.encode(Arrays.copyOfRange(encoded, 0, 5))).isEqualTo("8502792710");
    assertThat(encoded).hasSize(WireCodec.encodedSize(envelope));
    assertThat(WireCodec.decodeEnvelope(encoded)).isEqualTo(envelope);
  }

  @Test
  void mibPayloadRoundTripsWithADefiniteLengthHeader() {
    byte[] payload = new byte[1 << 20];
    new Random(7).nextBytes(payload);
    Envelope envelope = Envelope.response("blocks/1", 3, 99, payload);

    byte[] encoded = WireCodec.encode(envelope);

    int header = 1 + 1 + 9 + 1 + 2;
    assertThat(Hex.encode(Arrays.copyOfRange(encoded, header, header + 5)))
        .isEqualTo("5a00100000");
    assertThat(encoded).hasSize(WireCodec.encodedSize(envelope)).hasSize(header + 5 + (1 << 20));
    assertThat(WireCodec.decodeEnvelope(encoded)).isEqualTo(envelope);
  }

  @Test
  void integersAreShortestFormAtEveryWidthBoundary() {
    long[] reqIds = {0, 23, 24, 255, 256, 65535, 65536, 0xFFFF_FFFFL, 0x1_0000_0000L,
        Long.MAX_VALUE};
    String[] heads = {"00", "17", "1818", "18ff", "190100", "19ffff", "1a00010000",
        "1affffffff", "1b0000000100000000", "1b7fffffffffffffff"};
    for (int i = 0; i < reqIds.length; i++) {
      Envelope envelope = Envelope.response("", Integer.MAX_VALUE, reqIds[i], new byte[0]);

      byte[] encoded = WireCodec.encode(envelope);

      assertThat(Hex.encode(encoded)).isEqualTo("850460" + "1a7fffffff" + heads[i] + "40");
      assertThat(WireCodec.decodeEnvelope(encoded)).isEqualTo(envelope);
    }
  }

  @Test
  void negativeTimestampsUseMajorTypeOneAndRoundTrip() {
    long[] timestamps = {-1, -24, -25, Long.MIN_VALUE};
    String[] encodings = {"20", "37", "3818", "3b7fffffffffffffff"};
    for (int i = 0; i < timestamps.length; i++) {
      HandshakeInit m1 = new HandshakeInit(0, "", 0, timestamps[i], KEY_A);
      UdpPlaintext p = new UdpPlaintext(
          0, timestamps[i], EnvelopeKind.REQUEST, "x", 0, 1, new byte[0]);

      byte[] m1Bytes = WireCodec.encode(m1);
      byte[] pBytes = WireCodec.encode(p);

      assertThat(Hex.encode(m1Bytes))
          .isEqualTo("8663687331006000" + encodings[i] + "5820" + Hex.encode(KEY_A));
      assertThat(Hex.encode(pBytes))
          .isEqualTo("886375647000" + encodings[i] + "03617800" + "0140");
      assertThat(WireCodec.decodeHandshakeInit(m1Bytes)).isEqualTo(m1);
      assertThat(WireCodec.decodeUdpPlaintext(pBytes, 0, pBytes.length)).isEqualTo(p);
    }
  }

  @Test
  void largestValuesOfEveryRangeRoundTrip() {
    String version = "v".repeat(HandshakeInit.MAX_CLIENT_VERSION_BYTES);
    HandshakeInit m1 = new HandshakeInit(Integer.MAX_VALUE, version, 65535, Long.MAX_VALUE, KEY_A);
    HandshakeReply m2 = new HandshakeReply(Integer.MAX_VALUE, version, 65535, KEY_B, KEY_A);
    UdpPlaintext p = new UdpPlaintext(Integer.MAX_VALUE, Long.MAX_VALUE,
        EnvelopeKind.REQUEST_ERROR, "q", Integer.MAX_VALUE, Long.MAX_VALUE, new byte[] {9});

    assertThat(WireCodec.decodeHandshakeInit(WireCodec.encode(m1))).isEqualTo(m1);
    assertThat(WireCodec.decodeHandshakeReply(WireCodec.encode(m2))).isEqualTo(m2);
    byte[] pBytes = WireCodec.encode(p);
    assertThat(WireCodec.decodeUdpPlaintext(pBytes, 0, pBytes.length)).isEqualTo(p);
  }

  @Test
  void udpPlaintextAcceptsEveryKnownKind() {
    for (EnvelopeKind kind : EnvelopeKind.values()) {
      UdpPlaintext p = new UdpPlaintext(1, 2, kind, "k", 3, 4, new byte[] {5});

      byte[] encoded = WireCodec.encode(p);

      assertThat(WireCodec.decodeUdpPlaintext(encoded)).isEqualTo(p);
    }
  }

  @Test
  void decodesOnlyTheGivenWindowOfTheArray() {
    byte[] envelope = WireCodec.encode(Envelope.direct("chat/1", new byte[] {1, 2, 3}));
    byte[] framed = new byte[envelope.length + 7];
    Arrays.fill(framed, (byte) 0xFF);
    System.arraycopy(envelope, 0, framed, 3, envelope.length);

    assertThat(WireCodec.decodeEnvelope(framed, 3, envelope.length))
        .isEqualTo(Envelope.direct("chat/1", new byte[] {1, 2, 3}));
    assertThatThrownBy(() -> WireCodec.decodeEnvelope(framed, 3, envelope.length + 1))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessage("envelope: trailing bytes after the array");
    assertThatThrownBy(() -> WireCodec.decodeEnvelope(framed, 3, envelope.length - 1))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageStartingWith("envelope.payload: invalid CBOR");
  }

  @Test
  void rejectsAWindowOutsideTheArray() {
    byte[] data = new byte[4];

    assertThatThrownBy(() -> WireCodec.decodeEnvelope(data, 2, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> WireCodec.decodeUdpPlaintext(data, -1, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void udpPlaintextCarriesAnEnvelopesFields() {
    Envelope request = Envelope.request("/udp/v2/discovery", 1, 2, new byte[0]);

    UdpPlaintext p = UdpPlaintext.of(1, 1_700_000_000_000L, request);

    assertThat(p.envelope()).isEqualTo(request);
    assertThat(WireCodec.decodeUdpPlaintext(WireCodec.encode(p)).envelope()).isEqualTo(request);
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
