package io.libonomy.p2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.testing.Hex;
import io.libonomy.p2p.testing.WireVectors;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HkdfTest {

  @Test
  void reproducesRfc5869TestCase1() {
    byte[] ikm = new byte[22];
    Arrays.fill(ikm, (byte) 0x0b);
    byte[] salt = Hex.decode("000102030405060708090a0b0c");
    byte[] info = Hex.decode("f0f1f2f3f4f5f6f7f8f9");

    byte[] okm = Hkdf.sha256(ikm, salt, info, 42);

    assertThat(Hex.encode(okm))
        .isEqualTo(
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  }

  @Test
  void reproducesRfc5869TestCase3WithEmptySaltAndInfo() {
    byte[] ikm = new byte[22];
    Arrays.fill(ikm, (byte) 0x0b);

    byte[] okm = Hkdf.sha256(ikm, new byte[0], new byte[0], 42);

    assertThat(Hex.encode(okm))
        .isEqualTo(
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
  }

  @Test
  void reproducesHandshakeSessionKeys() {
    byte[] info =
        WireVectors.node("/handshake/hkdfInfo").asText().getBytes(StandardCharsets.US_ASCII);

    byte[] okm =
        Hkdf.sha256(
            WireVectors.bytes("/handshake/ikm"), WireVectors.bytes("/handshake/salt"), info, 64);

    assertThat(new String(info, StandardCharsets.US_ASCII)).isEqualTo("libonomy-p2p/1");
    assertThat(Hex.encode(okm)).isEqualTo(Hex.encode(WireVectors.bytes("/handshake/okm")));
    assertThat(Arrays.copyOfRange(okm, 0, 32)).isEqualTo(WireVectors.bytes("/handshake/k_IR"));
    assertThat(Arrays.copyOfRange(okm, 32, 64)).isEqualTo(WireVectors.bytes("/handshake/k_RI"));
  }

  @Test
  void derivesTheLongestAllowedOutput() {
    assertThat(Hkdf.sha256(new byte[32], new byte[0], new byte[0], 255 * 32)).hasSize(8160);
  }

  @ParameterizedTest(name = "length {0}")
  @ValueSource(ints = {0, -1, 255 * 32 + 1})
  void rejectsOutputLengthOutsideRfcRange(int length) {
    assertThatThrownBy(() -> Hkdf.sha256(new byte[32], new byte[0], new byte[0], length))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Integer.toString(length));
  }
}
