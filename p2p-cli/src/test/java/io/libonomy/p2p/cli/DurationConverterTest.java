package io.libonomy.p2p.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  private final DurationConverter converter = new DurationConverter();

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("500ms", Duration.ofMillis(500)),
        Arguments.of("10s", Duration.ofSeconds(10)),
        Arguments.of("2m", Duration.ofMinutes(2)),
        Arguments.of("1h", Duration.ofHours(1)),
        Arguments.of("90s", Duration.ofSeconds(90)),
        Arguments.of("1500ms", Duration.ofMillis(1500)),
        Arguments.of("10S", Duration.ofSeconds(10)),
        Arguments.of(" 10s ", Duration.ofSeconds(10)));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void readsANumberAndAUnit(String text, Duration expected) {
    assertThat(converter.convert(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", "10", "s", "ms", "-1s", "+1s", "1.5s", "10x", "10 s", "1d", "ten seconds"
  })
  void rejectsWhatIsNotANumberAndAUnit(String text) {
    assertThatThrownBy(() -> converter.convert(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("'" + text + "' is not a duration: expected a whole number and a unit,"
            + " e.g. 500ms, 10s, 2m, 1h");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "0ms", "000m"})
  void rejectsZero(String text) {
    assertThatThrownBy(() -> converter.convert(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("must be greater than zero");
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999s", "9223372036854775807h"})
  void rejectsValuesTooLargeForADuration(String text) {
    assertThatThrownBy(() -> converter.convert(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("too large");
  }

  @ParameterizedTest
  @ValueSource(strings = {"500ms", "1500ms", "10s", "90s", "2m", "1h", "25h"})
  void formatsDurationsInTheShortestFormItReads(String text) {
    assertThat(DurationConverter.format(converter.convert(text))).isEqualTo(text);
  }

  @Test
  void formatsWholeMinutesAndHoursInTheirUnit() {
    assertThat(DurationConverter.format(Duration.ofSeconds(120))).isEqualTo("2m");
    assertThat(DurationConverter.format(Duration.ofMinutes(60))).isEqualTo("1h");
  }
}
