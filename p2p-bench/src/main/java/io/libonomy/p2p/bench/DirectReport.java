package io.libonomy.p2p.bench;

import static io.libonomy.p2p.bench.TextTable.count;
import static io.libonomy.p2p.bench.TextTable.ratio;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders the direct benchmark's results: the fixed-width table and the JSON rows. */
final class DirectReport {

  static final String BENCHMARK = "direct";
  static final String METRIC = "msgs/s";
  static final String RAW_NETTY = "raw-netty";
  static final String SEAL_ALONE = "seal-alone";
  static final String SEAL_COUNTER = "seal-counter";

  private static final String ROW_FORMAT =
      "%-7s  %12s  %16s  %17s  %19s  %10s  %15s  %-13s  %8s  %-13s  %17s";

  private DirectReport() {}

  /**
   * Writes the table: one line per case, the two ratios each next to its target, then
   * ours against seal-counter, which has none.
   */
  static void printTable(PrintWriter out, List<DirectResult> results) {
    row(out, "case", "ours msgs/s", RAW_NETTY + " msgs/s", SEAL_ALONE + " msgs/s",
        SEAL_COUNTER + " msgs/s", "ours MiB/s", "ours/" + SEAL_ALONE, "target", "ours/min",
        "target", "ours/" + SEAL_COUNTER);
    for (DirectResult r : results) {
      row(out, r.caseName(), count(r.ours()), count(r.rawNetty()), count(r.sealAlone()),
          count(r.sealCounter()),
          String.format(Locale.ROOT, "%.1f", r.oursMebibytesPerSecond()),
          ratio(r.oursOverSealAlone()), target(r, Target.Ratio.OURS_OVER_SEAL_ALONE),
          ratio(r.oursOverMin()), target(r, Target.Ratio.OURS_OVER_MIN),
          ratio(r.oursOverSealCounter()));
    }
    out.flush();
  }

  private static void row(PrintWriter out, Object... cells) {
    TextTable.row(out, ROW_FORMAT, cells);
  }

  private static String target(DirectResult result, Target.Ratio ratio) {
    return Target.of(result.payloadSize(), ratio)
        .map(t -> TextTable.target(">=", t.minimum(), t.isMetBy(result)))
        .orElse("-");
  }

  /** Writes {@code results} to {@code file} as a JSON array of rows (see {@link #jsonRow}). */
  static void writeJson(Path file, List<DirectResult> results) throws IOException {
    JsonRows.write(file, results.stream().map(DirectReport::jsonRow).toList());
  }

  /**
   * One JSON row: {@code {"benchmark": "direct", "case": "1024B", "metric": "msgs/s",
   * "ours": n, "baselines": {"raw-netty": n, "seal-alone": n, "seal-counter": n}}}, rates
   * rounded to whole messages a second.
   */
  static JsonRows.Row jsonRow(DirectResult result) {
    Map<String, Number> baselines = new LinkedHashMap<>();
    baselines.put(RAW_NETTY, Math.round(result.rawNetty()));
    baselines.put(SEAL_ALONE, Math.round(result.sealAlone()));
    baselines.put(SEAL_COUNTER, Math.round(result.sealCounter()));
    return new JsonRows.Row(BENCHMARK, result.caseName(), METRIC, Math.round(result.ours()),
        baselines);
  }
}
