package io.libonomy.p2p.net;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.api.MalformedMessageException;
import io.libonomy.p2p.testing.Hex;
import io.libonomy.p2p.testing.WireVectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Decoders reject every encoding §5.0 forbids with a message naming structure and field. */
class WireCodecRejectionTest {

  private static final String KEY = "5820" + "11".repeat(32);
  private static final String M1_TAIL = "191d591b0000018bcfe56800" + KEY;
  private static final String SYNC = "6673796e632f31";
  private static final String DISCOVERY = "712f7564702f76322f646973636f76657279";
  private static final String UDP_HEAD = "88637564700101";

  static Stream<WireVectors.Entry> mustReject() {
    return WireVectors.entries("mustReject").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mustReject")
  void rejectsEveryMustRejectVector(WireVectors.Entry entry) {
    String prefix = entry.structure().equals("udpPlaintext") ? "udp" : entry.structure();

    assertThatThrownBy(() -> WireVectors.decode(entry.structure(), entry.cbor()))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageStartingWith(prefix);
  }

  static Stream<Arguments> malformedEnvelopes() {
    return Stream.of(
        Arguments.of("a map at top level", "a10102", "envelope: expected an array"),
        Arguments.of("an empty input", "", "envelope: expected an array"),
        Arguments.of("a bare integer", "05", "envelope: expected an array"),
        Arguments.of("text where payload bytes belong", "8501" + SYNC + "000065" + "68656c6c6f",
            "envelope.payload: expected a byte string, got a text string"),
        Arguments.of("bytes where the protocol belongs", "8501" + "46" + "73796e632f31" + "000040",
            "envelope.protocol: expected a text string"),
        Arguments.of("a negative msgType", "8503" + SYNC + "20182a40",
            "envelope.msgType: expected an unsigned int <= 2^31-1, got -1"),
        Arguments.of("msgType 2^31", "8503" + SYNC + "1a80000000182a40", "envelope.msgType"),
        Arguments.of("reqId 2^64-1", "8503" + SYNC + "071bffffffffffffffff40",
            "envelope.reqId: expected an integer within 64 bits"),
        Arguments.of("a negative reqId", "8503" + SYNC + "072040", "envelope.reqId"),
        Arguments.of("a bignum reqId of small value", "8503" + SYNC + "07c2412a40",
            "envelope.reqId: expected an integer within 64 bits"),
        Arguments.of("kind as a float", "85f93c00" + SYNC + "000040",
            "envelope.kind: expected an integer, got a float"),
        Arguments.of("kind as a simple value", "85f0" + SYNC + "000040", "envelope.kind"),
        Arguments.of("kind as simple value 0", "85e0" + SYNC + "000040", "envelope.kind"),
        Arguments.of("kind as false", "85f4" + SYNC + "000040", "envelope.kind"),
        Arguments.of("kind as undefined", "85f7" + SYNC + "000040", "envelope.kind"),
        Arguments.of("kind 2^32", "851b0000000100000000" + SYNC + "000040",
            "envelope.kind: expected an unsigned int <= 2^31-1"),
        Arguments.of("a simple value as payload", "8501" + SYNC + "0000f0",
            "envelope.payload: expected a byte string, got a simple value"),
        Arguments.of("an array as payload", "8501" + SYNC + "000080", "envelope.payload"),
        Arguments.of("a tag on the whole array", "c1850060000040",
            "envelope: tags are not allowed"),
        Arguments.of("tag 2^32-1 on kind", "85daffffffff0060000040",
            "envelope.kind: tags are not allowed"),
        Arguments.of("tag 2^64-1 on kind", "85dbffffffffffffffff0060000040",
            "envelope.kind: tags are not allowed"),
        Arguments.of("a tag on the break byte", "9f0060000040c1ff",
            "envelope: tags are not allowed"),
        Arguments.of("a stringref namespace tag", "8500d9010060000040",
            "envelope.protocol: tags are not allowed"),
        Arguments.of("a lone trailing tag byte", "850060000040c3",
            "envelope: trailing bytes after the array"),
        Arguments.of("a trailing break byte", "850060000040ff", "envelope: trailing bytes"),
        Arguments.of("six elements", "86006000004000", "envelope: expected 5 elements, got more"),
        Arguments.of("an empty array", "80", "envelope: expected 5 elements, got 0"),
        Arguments.of("a truncated payload", "8500600000420a", "envelope.payload: invalid CBOR"),
        Arguments.of("an overlong UTF-8 protocol", "850062c0af000040",
            "envelope.protocol: invalid CBOR"),
        Arguments.of("a UTF-8 surrogate in the protocol", "850063eda080000040",
            "envelope.protocol: invalid CBOR"),
        Arguments.of("a truncated UTF-8 sequence in the protocol", "85006261c3000040",
            "envelope.protocol: invalid CBOR"),
        Arguments.of("a stray continuation byte in a chunked protocol", "85007f6161618aff000040",
            "envelope.protocol: invalid CBOR"),
        Arguments.of("a byte chunk inside chunked text", "85007f4161ff000040",
            "envelope.protocol: invalid CBOR"),
        Arguments.of("a 2 GiB declared payload", "8500600000" + "5a7fffffff00",
            "envelope.payload: invalid CBOR"));
  }

  @ParameterizedTest(name = "rejects an envelope with {0}")
  @MethodSource("malformedEnvelopes")
  void rejectsMalformedEnvelopes(String what, String hex, String message) {
    assertThatThrownBy(() -> WireCodec.decodeEnvelope(Hex.decode(hex)))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageStartingWith(message);
  }

  static Stream<Arguments> malformedHandshakes() {
    return Stream.of(
        Arguments.of("m1", "8663687332016161" + M1_TAIL, "m1.tag: expected \"hs1\""),
        Arguments.of("m1", "8643687331016161" + M1_TAIL, "m1.tag: expected a text string"),
        Arguments.of("m1", "866368733101" + "7881" + "61".repeat(129) + M1_TAIL,
            "m1.clientVersion: expected at most 128 bytes of UTF-8, got 129"),
        Arguments.of("m1", "8663687331016161" + "1a00010000" + "1b0000018bcfe56800" + KEY,
            "m1.listenPort: expected an unsigned int <= 65535"),
        Arguments.of("m1", "8663687331016161" + "20" + "1b0000018bcfe56800" + KEY,
            "m1.listenPort"),
        Arguments.of("m1", "8663687331016161191d59" + "3b8000000000000000" + KEY,
            "m1.timestampMillis: expected an integer within 64 bits"),
        Arguments.of("m1", "8663687331016161191d59" + "fb3ff0000000000000" + KEY,
            "m1.timestampMillis: expected an integer, got a float"),
        Arguments.of("m1", "8663687331016161191d5901" + "5821" + "11".repeat(33),
            "m1.E_I: expected 32 bytes, got 33"),
        Arguments.of("m2", "8663687331016161191d59" + KEY + KEY, "m2.tag: expected \"hs2\""),
        Arguments.of("m2", "9f63687332016161191d59" + KEY + "ff", "m2: expected 6 elements, got 5"),
        Arguments.of("m2", "8663687332016161191d59" + KEY, "m2.E_I: invalid CBOR"),
        Arguments.of("m2", "8663687332016161191d59" + KEY + "5820" + "11".repeat(31),
            "m2.E_I: invalid CBOR"),
        Arguments.of("m2", "8663687332016161191d59" + "581f" + "11".repeat(31) + KEY,
            "m2.E_R: expected 32 bytes, got 31"),
        Arguments.of("m2", "86636873321a800000006161191d59" + KEY + KEY,
            "m2.networkId: expected an unsigned int <= 2^31-1, got 2147483648"),
        Arguments.of("m2", "866368733201" + "7881" + "61".repeat(129) + "191d59" + KEY + KEY,
            "m2.clientVersion: expected at most 128 bytes"),
        Arguments.of("udp", UDP_HEAD + "06" + DISCOVERY + "000140",
            "udp.kind: unknown envelope kind 6"),
        Arguments.of("udp", "8863756470" + "20" + "01" + "03" + DISCOVERY + "000140",
            "udp.networkId"),
        Arguments.of("udp", UDP_HEAD + "03" + DISCOVERY + "00" + "1b8000000000000000" + "40",
            "udp.reqId: expected an integer within 64 bits"),
        Arguments.of("udp", "89637564700101" + "03" + DISCOVERY + "000140" + "00",
            "udp: expected 8 elements, got more"),
        Arguments.of("udp", UDP_HEAD + "03" + DISCOVERY + "000140" + "00",
            "udp: trailing bytes after the array"),
        Arguments.of("udp", "8763756470010103" + DISCOVERY + "0001", "udp: expected 8 elements"),
        Arguments.of("udp", "9f63756470010103" + DISCOVERY + "000140", "udp: invalid CBOR"));
  }

  @ParameterizedTest(name = "rejects {0}: {2}")
  @MethodSource("malformedHandshakes")
  void rejectsMalformedHandshakesAndUdpPlaintexts(String structure, String hex, String message) {
    byte[] data = Hex.decode(hex);
    String decoder = structure.equals("udp") ? "udpPlaintext" : structure;

    assertThatThrownBy(() -> WireVectors.decode(decoder, data))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageStartingWith(message);
  }
}
