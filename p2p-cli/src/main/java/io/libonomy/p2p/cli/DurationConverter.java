package io.libonomy.p2p.cli;

import io.libonomy.p2p.config.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads the durations the commands take: a positive whole number followed by {@code ms},
 * {@code s}, {@code m} or {@code h} ({@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}).
 */
final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    Duration duration;
    try {
      duration = Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
    if (duration.isZero()) {
      throw new TypeConversionException("'" + value + "' is not a duration: must be greater than zero");
    }
    return duration;
  }

  static String format(Duration duration) {
    return Durations.format(duration);
  }
}
