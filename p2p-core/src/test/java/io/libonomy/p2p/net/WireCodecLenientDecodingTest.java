package io.libonomy.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.testing.Hex;
import io.libonomy.p2p.testing.WireVectors;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decoders accept every non-canonical encoding of {@code indefiniteLength} and {@code lenient}:
 * it decodes to the value of its canonical twin, and re-encodes to that twin.
 */
class WireCodecLenientDecodingTest {

  static Stream<WireVectors.Entry> acceptedEncodings() {
    return Stream.concat(
        WireVectors.entries("indefiniteLength").stream(),
        WireVectors.entries("lenient").stream());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedEncodings")
  void decodesToTheSameValueAsTheCanonicalEncoding(WireVectors.Entry entry) {
    Object lenient = WireVectors.decode(entry.structure(), entry.cbor());
    Object canonical = WireVectors.decode(entry.structure(), entry.sameValueAs());

    assertThat(lenient).isEqualTo(canonical);
    assertThat(Hex.encode(reencode(lenient))).isEqualTo(Hex.encode(entry.sameValueAs()));
  }

  @Test
  void lenientHelloIsStillExactlyHello() {
    List<WireVectors.Entry> hellos = WireVectors.entries("lenient").stream()
        .filter(e -> e.what().startsWith("HELLO"))
        .toList();

    assertThat(hellos).hasSize(1);
    Envelope hello = WireCodec.decodeEnvelope(hellos.get(0).cbor());
    assertThat(hello.isHello()).isTrue();
    assertThat(hello).isEqualTo(Envelope.hello());
  }

  @Test
  void skipsOnlyTheNodeInfoStructuresOfALaterIssue() {
    for (String section : List.of("indefiniteLength", "lenient", "mustReject")) {
      List<WireVectors.Entry> all = WireVectors.allEntries(section);
      List<WireVectors.Entry> kept = WireVectors.entries(section);

      assertThat(all).as(section)
          .allSatisfy(e -> assertThat(e.structure())
              .isIn(union(WireVectors.DECODED_STRUCTURES, WireVectors.DEFERRED_STRUCTURES)));
      assertThat(kept).as(section)
          .isNotEmpty()
          .allSatisfy(e -> assertThat(e.structure()).isIn(WireVectors.DECODED_STRUCTURES));
    }
  }

  private static List<String> union(Set<String> a, Set<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }

  private static byte[] reencode(Object value) {
    if (value instanceof HandshakeInit m1) {
      return WireCodec.encode(m1);
    }
    if (value instanceof HandshakeReply m2) {
      return WireCodec.encode(m2);
    }
    if (value instanceof Envelope envelope) {
      return WireCodec.encode(envelope);
    }
    return WireCodec.encode((UdpPlaintext) value);
  }
}
