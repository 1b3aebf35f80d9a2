package io.libonomy.p2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.testing.Hex;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base58Test {

  // bitcoin-core src/test/data/base58_encode_decode.json
  @ParameterizedTest(name = "{0} <-> {1}")
  @CsvSource(
      value = {
        "'', ''",
        "61, 2g",
        "626262, a3gV",
        "636363, aPEr",
        "00000000000000000000, 1111111111",
        "00eb15231dfceb60925886b67d065299925915aeb172c06647, 1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L",
        "516b6fcd0f, ABnLTmg",
        "572e4794, 3EFU7m",
        "10c8511e, Rt5zm",
        "000000000000000000, 111111111"
      })
  void matchesBitcoinVector(String hex, String text) {
    assertThat(Base58.encode(Hex.decode(hex))).isEqualTo(text);
    assertThat(Hex.encode(Base58.decode(text))).isEqualTo(hex);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"0", "O", "I", "l", "2g0", "a3gV\u00e9", "\u0661", "1NS 17"})
  void rejectsCharacterOutsideAlphabet(String text) {
    assertThatThrownBy(() -> Base58.decode(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid base58 character");
  }

  @Test
  void roundTripsRandomBytesWithLeadingZeros() {
    long seed = ThreadLocalRandom.current().nextLong();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 2_000; i++) {
      byte[] bytes = new byte[random.nextInt(0, 70)];
      random.nextBytes(bytes);
      int zeros = Math.min(bytes.length, random.nextInt(0, 4));
      for (int z = 0; z < zeros; z++) {
        bytes[z] = 0;
      }

      String text = Base58.encode(bytes);

      assertThat(Base58.decode(text))
          .as("seed %d, case %d, input %s", seed, i, Hex.encode(bytes))
          .isEqualTo(bytes);
      assertThat(text)
          .as("seed %d, case %d: one '1' per leading zero byte", seed, i)
          .startsWith("1".repeat(leadingZeros(bytes)))
          .doesNotStartWith("1".repeat(leadingZeros(bytes) + 1));
    }
  }

  private static int leadingZeros(byte[] bytes) {
    int zeros = 0;
    while (zeros < bytes.length && bytes[zeros] == 0) {
      zeros++;
    }
    return zeros;
  }
}
