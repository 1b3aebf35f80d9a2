package io.libonomy.p2p.cli;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads the durations the commands take: a positive whole number followed by {@code ms},
 * {@code s}, {@code m} or {@code h} ({@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}).
 */
final class DurationConverter implements ITypeConverter<Duration> {

  private static final Pattern SYNTAX = Pattern.compile("(\\d+)(ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    Matcher matcher = SYNTAX.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw invalid(value, "expected a whole number and a unit, e.g. 500ms, 10s, 2m, 1h");
    }
    Duration duration;
    try {
      duration = Duration.of(Long.parseLong(matcher.group(1)), unit(matcher.group(2)));
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalid(value, "too large");
    }
    if (duration.isZero()) {
      throw invalid(value, "must be greater than zero");
    }
    return duration;
  }

  /** The shortest text {@link #convert} reads back as {@code duration}, for messages. */
  static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 1000 != 0) {
      return millis + "ms";
    }
    long seconds = millis / 1000;
    if (seconds % 60 != 0 || seconds == 0) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    return minutes % 60 != 0 ? minutes + "m" : minutes / 60 + "h";
  }

  private static ChronoUnit unit(String suffix) {
    return switch (suffix) {
      case "ms" -> ChronoUnit.MILLIS;
      case "s" -> ChronoUnit.SECONDS;
      case "m" -> ChronoUnit.MINUTES;
      case "h" -> ChronoUnit.HOURS;
      default -> throw new IllegalArgumentException("unit " + suffix);
    };
  }

  private static TypeConversionException invalid(String value, String reason) {
    return new TypeConversionException("'" + value + "' is not a duration: " + reason);
  }
}
