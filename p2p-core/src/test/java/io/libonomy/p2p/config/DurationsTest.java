package io.libonomy.p2p.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({"500ms,PT0.5S", "15s,PT15S", "10m,PT10M", "48h,PT48H", " 2M ,PT2M", "PT5S,PT5S",
      "0s,PT0S"})
  void parsesUnitsAndIso(String text, String iso) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "s", "1.5s", "-1s", "10 s", "10d", "PT-5S",
      "99999999999999999999h"})
  void rejectsAnythingElseNamingTheText(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "' is not a duration");
  }

  @ParameterizedTest
  @CsvSource({"PT0.5S,500ms", "PT15S,15s", "PT10M,10m", "PT48H,48h", "PT90S,90s", "PT0S,0s"})
  void formatsTheShortestExactForm(String iso, String text) {
    assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
  }
}
