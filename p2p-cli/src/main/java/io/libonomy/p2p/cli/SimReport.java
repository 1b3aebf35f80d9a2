package io.libonomy.p2p.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The outcome of {@code p2p sim}: the JSON object of {@code --json} and the human table.
 *
 * @param bootstrapMillis start of the run until every node had {@code degree} outbound peers,
 *     or -1 when that never happened
 */
@JsonPropertyOrder({"nodes", "bootnodes", "degree", "seed", "bootstrapMillis", "outbound",
    "inbound", "addressBook", "heapUsedMb", "errors"})
record SimReport(int nodes, int bootnodes, int degree, long seed, long bootstrapMillis,
    Spread outbound, Spread inbound, Spread addressBook, long heapUsedMb, List<String> errors) {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT).build();

  SimReport {
    errors = List.copyOf(errors);
  }

  /**
   * Minimum, mean and maximum of a per-node figure.
   *
   * @param avg rounded to two decimals
   */
  @JsonPropertyOrder({"min", "avg", "max"})
  record Spread(int min, double avg, int max) {
    static Spread of(IntStream values) {
      IntSummaryStatistics stats = values.summaryStatistics();
      if (stats.getCount() == 0) {
        return new Spread(0, 0, 0);
      }
      return new Spread(stats.getMin(), Math.round(stats.getAverage() * 100) / 100.0,
          stats.getMax());
    }
  }

  String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a record of numbers and strings always serialises", e);
    }
  }

  void printTable(PrintWriter out) {
    out.printf(Locale.ROOT, "%d nodes (%d bootnodes), degree %d, seed %d%n", nodes, bootnodes,
        degree, seed);
    out.printf(Locale.ROOT, "converged:     %s%n",
        bootstrapMillis < 0 ? "no" : "in " + bootstrapMillis + " ms");
    out.printf(Locale.ROOT, "%-14s %6s %8s %6s%n", "per node", "min", "avg", "max");
    row(out, "outbound", outbound);
    row(out, "inbound", inbound);
    row(out, "address book", addressBook);
    out.printf(Locale.ROOT, "heap used:     %d MB%n", heapUsedMb);
    errors.forEach(e -> out.println("error: " + e));
    out.flush();
  }

  private static void row(PrintWriter out, String name, Spread spread) {
    out.printf(Locale.ROOT, "%-14s %6d %8.2f %6d%n", name, spread.min(), spread.avg(),
        spread.max());
  }
}
