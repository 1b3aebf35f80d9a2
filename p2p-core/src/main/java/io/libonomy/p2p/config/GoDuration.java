package io.libonomy.p2p.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;

/**
 * Durations in the syntax of Go's {@code time.ParseDuration}, which the seed's config files are
 * written in: an optional sign, then one or more decimal numbers each with a unit
 * ({@code 15s}, {@code 1h30m}, {@code 2.5s}, {@code -1.5h}); units {@code ns}, {@code us}
 * ({@code µs}, {@code μs}), {@code ms}, {@code s}, {@code m}, {@code h}; {@code 0} alone needs no
 * unit. As in Go the value must fit a signed 64-bit count of nanoseconds, each number's fraction
 * is truncated to whole nanoseconds, and negative values parse (the config records reject them).
 */
final class GoDuration {

  /** The largest magnitude Go accepts: 2<sup>63</sup> ns, negative only. */
  private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(63);

  /** Digits after the point that still count; Go stops at about this many too. */
  private static final int FRACTION_DIGITS = 18;

  private static final Map<String, Long> UNIT_NANOS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L,
          "\u03bcs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  static final String SYNTAX_HINT = "use e.g. 15s, 500ms, 1m30s";
  static final String RANGE_HINT = "out of range, at most 2562047h47m16.854775807s";

  private GoDuration() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException whose message is {@link #SYNTAX_HINT} for text that is not
   *     a duration, or {@link #RANGE_HINT} for one beyond 64-bit nanoseconds
   */
  static Duration parse(String text) {
    String rest = text;
    boolean negative = false;
    if (!rest.isEmpty() && (rest.charAt(0) == '-' || rest.charAt(0) == '+')) {
      negative = rest.charAt(0) == '-';
      rest = rest.substring(1);
    }
    if (rest.equals("0")) {
      return Duration.ZERO;
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException(SYNTAX_HINT);
    }
    BigInteger nanos = BigInteger.ZERO;
    int at = 0;
    while (at < rest.length()) {
      int numberEnd = numberEnd(rest, at);
      int unitEnd = unitEnd(rest, numberEnd);
      Long unit = UNIT_NANOS.get(rest.substring(numberEnd, unitEnd));
      if (unit == null) {
        throw new IllegalArgumentException(SYNTAX_HINT);
      }
      nanos = nanos.add(segmentNanos(rest.substring(at, numberEnd), unit));
      if (nanos.compareTo(LIMIT) > 0) {
        throw new IllegalArgumentException(RANGE_HINT);
      }
      at = unitEnd;
    }
    if (!negative && nanos.equals(LIMIT)) {
      throw new IllegalArgumentException(RANGE_HINT);
    }
    BigInteger[] secondsAndNanos = nanos.divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
    Duration duration =
        Duration.ofSeconds(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValue());
    return negative ? duration.negated() : duration;
  }

  /** The end of {@code [0-9]*(\.[0-9]*)?} from {@code start}, which must hold a digit. */
  private static int numberEnd(String text, int start) {
    int end = digitsEnd(text, start);
    boolean digits = end > start;
    if (end < text.length() && text.charAt(end) == '.') {
      int fractionEnd = digitsEnd(text, end + 1);
      digits |= fractionEnd > end + 1;
      end = fractionEnd;
    }
    if (!digits) {
      throw new IllegalArgumentException(SYNTAX_HINT);
    }
    return end;
  }

  /** The unit is everything up to the next digit or point, as in Go. */
  private static int unitEnd(String text, int start) {
    int end = start;
    while (end < text.length() && text.charAt(end) != '.' && !isDigit(text.charAt(end))) {
      end++;
    }
    return end;
  }

  private static int digitsEnd(String text, int start) {
    int end = start;
    while (end < text.length() && isDigit(text.charAt(end))) {
      end++;
    }
    return end;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static BigInteger segmentNanos(String number, long unitNanos) {
    int point = number.indexOf('.');
    String whole = stripLeadingZeros(point < 0 ? number : number.substring(0, point));
    // 10^19 ns is already past the limit, so a longer whole part needs no arithmetic
    if (whole.length() > 19) {
      throw new IllegalArgumentException(RANGE_HINT);
    }
    String fraction = point < 0 ? "" : number.substring(point + 1);
    fraction = fraction.substring(0, Math.min(fraction.length(), FRACTION_DIGITS));
    BigDecimal value = new BigDecimal((whole.isEmpty() ? "0" : whole) + "." + fraction + "0");
    return value.multiply(BigDecimal.valueOf(unitNanos)).setScale(0, RoundingMode.DOWN)
        .toBigIntegerExact();
  }

  private static String stripLeadingZeros(String digits) {
    int first = 0;
    while (first < digits.length() && digits.charAt(first) == '0') {
      first++;
    }
    return digits.substring(first);
  }
}
