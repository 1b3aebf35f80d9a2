package io.libonomy.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.api.MalformedMessageException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public walk over nested arrays (discovery's address lists) with the §5.0 rules. */
class CborReaderTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  /** [[h'01', 7], [h'0203', 8]] in either length form, read back as (bytes, uint) pairs. */
  private static List<String> readPairs(byte[] data) {
    List<String> pairs = new ArrayList<>();
    try (CborReader in = CborReader.of(data, "list")) {
      in.startArray("list");
      while (in.nextArrayElement("entry")) {
        byte[] bytes = in.bytes("bytes");
        long n = in.uint("n", 100);
        in.endArray("entry");
        pairs.add(HexFormat.of().formatHex(bytes) + ":" + n);
      }
      in.endOfInput();
    }
    return pairs;
  }

  @Test
  void walksDefiniteAndIndefiniteNestedArrays() {
    assertThat(readPairs(hex("82" + "824101" + "07" + "82420203" + "08")))
        .containsExactly("01:7", "0203:8");
    assertThat(readPairs(hex("9f" + "9f410107ff" + "82420203" + "08" + "ff")))
        .containsExactly("01:7", "0203:8");
    assertThat(readPairs(hex("80"))).isEmpty();
  }

  @Test
  void readsWhatTheCodecsGeneratorWrites() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var generator = WireCodec.newGenerator(out)) {
      generator.writeStartArray(null, 1);
      generator.writeStartArray(null, 2);
      generator.writeBinary(new byte[] {(byte) 0xab});
      generator.writeNumber(42);
      generator.writeEndArray();
      generator.writeEndArray();
    }
    assertThat(out.toByteArray()).isEqualTo(hex("81" + "8241ab182a"));
    assertThat(readPairs(out.toByteArray())).containsExactly("ab:42");
  }

  @Test
  void rejectsTagsWrongTypesRangesExtraElementsAndTrailingBytes() {
    List<String> malformed = List.of(
        "81" + "c2824101" + "07",     // a tag
        "81" + "82" + "6101" + "07",  // text where bytes belong
        "81" + "82" + "4101" + "1865", // 101 > 100
        "81" + "82" + "4101" + "20",  // negative
        "81" + "83" + "4101" + "0707", // an extra element
        "81" + "82" + "4101",         // truncated
        "81" + "824101" + "07" + "00", // trailing byte
        "a0",                         // a map
        "81" + "07");                 // an integer where an entry belongs
    for (String input : malformed) {
      assertThatThrownBy(() -> readPairs(hex(input))).as(input)
          .isInstanceOf(MalformedMessageException.class)
          .hasMessageStartingWith("list");
    }
  }
}
