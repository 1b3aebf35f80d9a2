package io.libonomy.p2p.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form of durations on the command line: a whole number and a unit ({@code 500ms},
 * {@code 15s}, {@code 10m}, {@code 48h}). ISO-8601 ({@code PT15S}) is accepted too. Config files
 * are read with Go's fuller syntax instead ({@code 1m30s}, {@code 2.5s}; {@link ConfigFile}),
 * which the seed's files are written in.
 */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

  private Durations() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the text and what is wrong, for anything else, a
   *     negative duration, or one too large for {@link Duration}
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "text");
    String trimmed = text.trim();
    Matcher matcher = SHORT.matcher(trimmed.toLowerCase(Locale.ROOT));
    if (matcher.matches()) {
      try {
        return Duration.of(Long.parseLong(matcher.group(1)), unit(matcher.group(2)));
      } catch (NumberFormatException | ArithmeticException e) {
        throw invalid(text, "too large");
      }
    }
    Duration duration;
    try {
      duration = Duration.parse(trimmed);
    } catch (DateTimeParseException e) {
      throw invalid(text, "expected a whole number and a unit, e.g. 500ms, 10s, 2m, 1h");
    }
    if (duration.isNegative()) {
      throw invalid(text, "must not be negative");
    }
    return duration;
  }

  /** The shortest exact text form: {@code 1500ms}, {@code 15s}, {@code 10m}, {@code 48h}. */
  public static String format(Duration duration) {
    Objects.requireNonNull(duration, "duration");
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
      default -> ChronoUnit.HOURS;
    };
  }

  private static IllegalArgumentException invalid(String text, String reason) {
    return new IllegalArgumentException("'" + text + "' is not a duration: " + reason);
  }
}
