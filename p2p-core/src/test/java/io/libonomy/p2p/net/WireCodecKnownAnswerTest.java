package io.libonomy.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.testing.Hex;
import io.libonomy.p2p.testing.WireVectors;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The codec reproduces every CBOR plaintext of {@code wire-v1.json} byte for byte. */
class WireCodecKnownAnswerTest {

  private static final int NETWORK_ID = WireVectors.node("/inputs/networkId").asInt();
  private static final long TIMESTAMP = WireVectors.node("/inputs/timestampMs").asLong();
  private static final byte[] E_I = WireVectors.bytes("/inputs/E_I");
  private static final byte[] E_R = WireVectors.bytes("/inputs/E_R");
  private static final String DISCOVERY = "/udp/v2/discovery";

  private static final HandshakeInit M1 = new HandshakeInit(
      NETWORK_ID,
      WireVectors.text("/inputs/initiator/clientVersion"),
      WireVectors.node("/inputs/initiator/listenPort").asInt(),
      TIMESTAMP,
      E_I);

  private static final HandshakeReply M2 = new HandshakeReply(
      NETWORK_ID,
      WireVectors.text("/inputs/responder/clientVersion"),
      WireVectors.node("/inputs/responder/listenPort").asInt(),
      E_R,
      E_I);

  /** The six transport envelopes in the order of {@code transport[*]}. */
  private static final List<Envelope> TRANSPORT = List.of(
      Envelope.hello(),
      Envelope.direct("chat/1", ascii("hello")),
      Envelope.request("sync/1", 7, 42, ascii("ping")),
      Envelope.request("sync/1", 8, 43, ascii("?")),
      Envelope.response("sync/1", 7, 42, ascii("pong")),
      Envelope.requestError("sync/1", 8, 43, "no handler"));

  @Test
  void encodesM1ByteForByteFromTheVectorInputs() {
    assertThat(Hex.encode(WireCodec.encode(M1))).isEqualTo(WireVectors.text("/handshake/m1"));
  }

  @Test
  void decodesM1ToTheVectorInputs() {
    assertThat(WireCodec.decodeHandshakeInit(WireVectors.bytes("/handshake/m1"))).isEqualTo(M1);
  }

  @Test
  void encodesM2ByteForByteFromTheVectorInputs() {
    assertThat(Hex.encode(WireCodec.encode(M2))).isEqualTo(WireVectors.text("/handshake/m2"));
  }

  @Test
  void decodesM2ToTheVectorInputs() {
    assertThat(WireCodec.decodeHandshakeReply(WireVectors.bytes("/handshake/m2")))
        .isEqualTo(M2);
  }

  static Stream<Arguments> transportEnvelopes() {
    int count = WireVectors.node("/transport").size();
    assertThat(count).as("transport entries").isEqualTo(TRANSPORT.size());
    return IntStream.range(0, count).mapToObj(i -> Arguments.of(
        WireVectors.node("/transport").get(i).path("what").asText(),
        WireVectors.node("/transport").get(i).path("envelope").asText(),
        TRANSPORT.get(i)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transportEnvelopes")
  void encodesEachTransportEnvelopeByteForByte(String what, String hex, Envelope expected) {
    assertThat(Hex.encode(WireCodec.encode(expected))).as(what).isEqualTo(hex);
    assertThat(WireCodec.encodedSize(expected)).as(what).isEqualTo(hex.length() / 2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transportEnvelopes")
  void decodesEachTransportEnvelopeToItsDescribedValue(
      String what, String hex, Envelope expected) {
    Envelope decoded = WireCodec.decodeEnvelope(Hex.decode(hex));

    assertThat(decoded).as(what).isEqualTo(expected);
    assertThat(decoded.isHello()).as(what).isEqualTo(expected.kind() == EnvelopeKind.HELLO);
  }

  static Stream<Arguments> udpPlaintexts() {
    return Stream.of(
        Arguments.of("ping", EnvelopeKind.REQUEST, 0, 1L),
        Arguments.of("pingAnswer", EnvelopeKind.RESPONSE, 0, 1L),
        Arguments.of("getAddresses", EnvelopeKind.REQUEST, 1, 2L),
        Arguments.of("getAddressesAnswer", EnvelopeKind.RESPONSE, 1, 2L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("udpPlaintexts")
  void decodesEachUdpPlaintextAndReencodesItByteForByte(
      String name, EnvelopeKind kind, int msgType, long reqId) {
    byte[] plaintext = WireVectors.bytes("/udp/" + name + "/plaintext");
    byte[] payload = WireVectors.bytes("/udp/" + name + "/payload");

    UdpPlaintext decoded = WireCodec.decodeUdpPlaintext(plaintext, 0, plaintext.length);

    assertThat(decoded).isEqualTo(
        new UdpPlaintext(NETWORK_ID, TIMESTAMP, kind, DISCOVERY, msgType, reqId, payload));
    assertThat(Hex.encode(WireCodec.encode(decoded))).isEqualTo(Hex.encode(plaintext));
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
