package io.libonomy.p2p.bench;

import static io.libonomy.p2p.bench.TextTable.count;
import static io.libonomy.p2p.bench.TextTable.ratio;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders the request/response benchmark's results: the fixed-width table and JSON rows. */
final class RpcReport {

  static final String BENCHMARK = "rpc";
  static final String RAW_NETTY = DirectReport.RAW_NETTY;

  private static final String ROW_FORMAT = "%-8s  %-6s  %10s  %10s  %14s  %-13s";

  private RpcReport() {}

  /**
   * Writes the table, one line per case with ours/raw-netty next to the bound, then a
   * line with the slowest round trip of each.
   */
  static void printTable(PrintWriter out, RpcResult result) {
    TextTable.row(out, ROW_FORMAT, "case", "metric", "ours", RAW_NETTY, "ours/" + RAW_NETTY,
        "target");
    for (RpcResult.Case c : result.cases()) {
      TextTable.row(out, ROW_FORMAT, c.name(), c.metric().unit(), value(c, c.ours()),
          value(c, c.rawNetty()), ratio(c.ratio()), target(c));
    }
    out.printf(Locale.ROOT, "round trips: %s each, one outstanding; max ours %.1f us, "
            + "%s %.1f us%n", count(result.ours().count()), result.ours().max(), RAW_NETTY,
        result.rawNetty().max());
    out.flush();
  }

  private static String value(RpcResult.Case c, double value) {
    return switch (c.metric()) {
      case MICROS -> String.format(Locale.ROOT, "%.1f", value);
      case REQUESTS_PER_SECOND -> count(value);
    };
  }

  private static String target(RpcResult.Case c) {
    Double bound = c.maxRatio();
    return bound == null ? "-" : TextTable.target("<=", bound, c.isMet());
  }

  /** Writes {@code result} to {@code file} as a JSON array of rows (see {@link #jsonRows}). */
  static void writeJson(Path file, RpcResult result) throws IOException {
    JsonRows.write(file, jsonRows(result));
  }

  /**
   * One row per case: {@code {"benchmark": "rpc", "case": "rtt-p50", "metric": "us", "ours":
   * n, "baselines": {"raw-netty": n}}}, microseconds to one decimal, request rates rounded to
   * whole requests a second.
   */
  static List<JsonRows.Row> jsonRows(RpcResult result) {
    return result.cases().stream()
        .map(c -> new JsonRows.Row(BENCHMARK, c.name(), c.metric().unit(), json(c, c.ours()),
            Map.of(RAW_NETTY, json(c, c.rawNetty()))))
        .toList();
  }

  private static Number json(RpcResult.Case c, double value) {
    return switch (c.metric()) {
      case MICROS -> Math.round(value * 10) / 10.0;
      case REQUESTS_PER_SECOND -> Math.round(value);
    };
  }
}
