package io.libonomy.p2p.bench;

import java.io.PrintWriter;
import java.util.Locale;

/** The cells of the fixed-width results tables, formatted the same way in every benchmark. */
final class TextTable {

  private TextTable() {}

  /** Prints one line of {@code cells} laid out by {@code format}, trailing blanks removed. */
  static void row(PrintWriter out, String format, Object... cells) {
    out.println(String.format(Locale.ROOT, format, cells).stripTrailing());
  }

  /** A rate or count rounded to a whole number, with thousands separators: {@code 1,234}. */
  static String count(double value) {
    return String.format(Locale.ROOT, "%,d", Math.round(value));
  }

  /** A ratio to two decimals, or {@code n/a} when it is not finite (a zero baseline). */
  static String ratio(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f", value) : "n/a";
  }

  /**
   * A target next to its verdict: {@code >=0.70 met}, {@code <=2.00 MISSED}.
   *
   * @param comparison {@code ">="} or {@code "<="}, as the target bounds its ratio
   */
  static String target(String comparison, double bound, boolean met) {
    return String.format(Locale.ROOT, "%s%.2f %s", comparison, bound, met ? "met" : "MISSED");
  }
}
