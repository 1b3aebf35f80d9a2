package io.libonomy.p2p.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

  @ParameterizedTest(name = "\"{0}\" is {1}")
  @CsvSource(delimiter = '|', textBlock = """
      0                        | PT0S
      +0                       | PT0S
      -0                       | PT0S
      0s                       | PT0S
      15s                      | PT15S
      500ms                    | PT0.5S
      1m                       | PT1M
      48h                      | PT48H
      1h30m                    | PT1H30M
      1m30s                    | PT1M30S
      2.5s                     | PT2.5S
      .5s                      | PT0.5S
      5.s                      | PT5S
      1.5h                     | PT1H30M
      1ns                      | PT0.000000001S
      1us                      | PT0.000001S
      1µs                      | PT0.000001S
      1μs                      | PT0.000001S
      3ms2us1ns                | PT0.003002001S
      1s1s                     | PT2S
      007s                     | PT7S
      +15s                     | PT15S
      -1s                      | PT-1S
      -1.5h                    | PT-1H-30M
      0.0000000019s            | PT0.000000001S
      1.9999999999ns           | PT0.000000001S
      9223372036854775807ns    | PT2562047H47M16.854775807S
      2562047h47m16.854775807s | PT2562047H47M16.854775807S
      -9223372036854775808ns   | PT-2562047H-47M-16.854775808S
      """)
  void parsesGoSyntax(String text, Duration expected) {
    assertThat(GoDuration.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "+", "-", "15", "1.5", "s", ".s", ".", "15 sec", " 15s", "15s ",
      "15S", "1d", "1h30", "PT15S", "1e3s", "1_000s", "--1s", "1s-1s", "0x10s", "15 s"})
  void rejectsAnythingElseWithAHint(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(GoDuration.SYNTAX_HINT);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"9223372036854775808ns", "-9223372036854775809ns", "2562048h",
      "2562047h47m16.854775808s", "9223372036854775807ns1ns", "-9223372036854775808ns1ns",
      "10000000000000000000ns", "00000000000000000000010000000000000000000ns",
      "99999999999999999999999999999999999999h", "1000000000000000000000000000000000000.5s"})
  void rejectsValuesBeyondSigned64BitNanoseconds(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(GoDuration.RANGE_HINT);
  }

  @Test
  void handlesHugeNumbersWithoutArithmeticOnEveryDigit() {
    String manyDigits = "7".repeat(1_000_000);

    assertThatThrownBy(() -> GoDuration.parse(manyDigits + "s"))
        .hasMessage(GoDuration.RANGE_HINT);
    assertThat(GoDuration.parse("0." + manyDigits + "s")).isEqualTo(Duration.ofNanos(777_777_777));
  }
}
