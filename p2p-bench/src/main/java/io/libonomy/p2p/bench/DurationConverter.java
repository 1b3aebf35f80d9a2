package io.libonomy.p2p.bench;

import io.libonomy.p2p.config.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations as {@code 500ms}, {@code 5s}, {@code 1m} or ISO-8601 ({@code PT5S}), and
 * prints them back in the short form.
 */
final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage() + " (examples: 500ms, 5s, 1m, PT5S)");
    }
  }

  /** {@code d} as the options spell it: {@code 5s} for whole seconds, else {@code 250ms}. */
  static String format(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
