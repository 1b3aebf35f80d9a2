package io.libonomy.p2p.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MessageIdTest {

  @Test
  void isTheFirstTwelveBytesOfSha256OfPayloadThenProtocol() {
    byte[] payload = "hello".getBytes(StandardCharsets.UTF_8);
    byte[] expected = Arrays.copyOf(Sha256.digest(payload,
        "blocks/1".getBytes(StandardCharsets.UTF_8)), 12);

    MessageId id = MessageId.of(payload, "blocks/1");

    assertThat(id.bytes()).isEqualTo(expected);
    assertThat(id.toString()).isEqualTo(HexFormat.of().formatHex(expected));
  }

  @Test
  void matchesAFixedVector() {
    // sha256("abc" || "p") = sha256("abcp")
    MessageId id = MessageId.of("abc".getBytes(StandardCharsets.UTF_8), "p");
    assertThat(id.bytes()).isEqualTo(Arrays.copyOf(
        Sha256.digest("abcp".getBytes(StandardCharsets.UTF_8)), 12));
  }

  @Test
  void samePayloadOnTwoProtocolsDiffers() {
    byte[] payload = {1, 2, 3};
    assertThat(MessageId.of(payload, "a")).isNotEqualTo(MessageId.of(payload, "b"));
    assertThat(MessageId.of(payload, "a")).isEqualTo(MessageId.of(payload.clone(), "a"));
  }

  @Test
  void idsAreEqualExactlyWhenBothHalvesAre() {
    MessageId id = new MessageId(0x0102030405060708L, 0x090a0b0c);
    assertThat(id).isEqualTo(new MessageId(0x0102030405060708L, 0x090a0b0c))
        .hasSameHashCodeAs(new MessageId(0x0102030405060708L, 0x090a0b0c));
    assertThat(id).isNotEqualTo(new MessageId(0x0102030405060709L, 0x090a0b0c))
        .isNotEqualTo(new MessageId(0x0102030405060708L, 0x090a0b0d))
        .isNotEqualTo(null)
        .isNotEqualTo("0102030405060708090a0b0c");
    assertThat(id.toString()).isEqualTo("0102030405060708090a0b0c");
  }
}
