package io.libonomy.p2p.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  private final DurationConverter converter = new DurationConverter();

  @Test
  void readsShortFormsAndIso() {
    assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(converter.convert("3s")).isEqualTo(Duration.ofSeconds(3));
    assertThat(converter.convert("1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(converter.convert("PT2S")).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void rejectsWhatIsNotADuration() {
    assertThatThrownBy(() -> converter.convert("fast"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'fast' is not a duration");
  }
}
