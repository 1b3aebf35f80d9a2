package io.libonomy.p2p.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectReportTest {

  @TempDir
  Path dir;

  @Test
  void tableShowsRatiosNextToTheIssueTargets() {
    List<DirectResult> results = List.of(
        new DirectResult(128, 400, 1_000, 2_000, 2_500),
        new DirectResult(1024, 700, 2_000, 1_000, 1_250),
        new DirectResult(65536, 10, 50, 20, 40));
    StringWriter text = new StringWriter();

    DirectReport.printTable(new PrintWriter(text), results);

    List<String> lines = text.toString().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(cells(lines.get(0))).containsExactly("case", "ours", "msgs/s", "raw-netty",
        "msgs/s", "seal-alone", "msgs/s", "seal-counter", "msgs/s", "ours", "MiB/s",
        "ours/seal-alone", "target", "ours/min", "target", "ours/seal-counter");
    // ours/seal-alone, its target, ours/min, its target, ours/seal-counter
    assertThat(cells(lines.get(1))).containsExactly("128B", "400", "1,000", "2,000", "2,500",
        "0.0", "0.20", "-", "0.40", ">=0.50", "MISSED", "0.16");
    assertThat(cells(lines.get(2))).containsExactly("1024B", "700", "2,000", "1,000", "1,250",
        "0.7", "0.70", ">=0.70", "met", "0.70", "-", "0.56");
    assertThat(cells(lines.get(3))).startsWith("65536B").endsWith("0.25");
    assertThat(lines.get(3)).doesNotContain(">=");
  }

  @Test
  void columnsLineUpWithTheirHeaders() {
    StringWriter text = new StringWriter();

    DirectReport.printTable(new PrintWriter(text),
        List.of(new DirectResult(1024, 255_000, 600_000, 352_000, 420_000)));

    List<String> lines = text.toString().lines().toList();
    // right-aligned columns end where their header ends
    for (String header : List.of("ours msgs/s", "seal-counter msgs/s", "ours/seal-alone",
        "ours/seal-counter")) {
      int end = lines.get(0).indexOf(header) + header.length();
      assertThat(lines.get(1).charAt(end - 1)).as(header).isNotEqualTo(' ');
      assertThat(end == lines.get(1).length() || lines.get(1).charAt(end) == ' ')
          .as(header).isTrue();
    }
  }

  @Test
  void jsonRowsHaveTheAgreedShape() throws IOException {
    Path file = dir.resolve("out/direct.json");

    DirectReport.writeJson(file,
        List.of(new DirectResult(1024, 1234.4, 5678.6, 91011, 121314.5)));

    JsonNode rows = new ObjectMapper().readTree(file.toFile());
    assertThat(rows.size()).isOne();
    JsonNode row = rows.get(0);
    assertThat(row.fieldNames()).toIterable()
        .containsExactly("benchmark", "case", "metric", "ours", "baselines");
    assertThat(row.get("benchmark").asText()).isEqualTo("direct");
    assertThat(row.get("case").asText()).isEqualTo("1024B");
    assertThat(row.get("metric").asText()).isEqualTo("msgs/s");
    assertThat(row.get("ours").asLong()).isEqualTo(1234);
    assertThat(row.get("baselines").fieldNames()).toIterable()
        .containsExactly("raw-netty", "seal-alone", "seal-counter");
    assertThat(row.get("baselines").get("raw-netty").asLong()).isEqualTo(5679);
    assertThat(row.get("baselines").get("seal-alone").asLong()).isEqualTo(91011);
    assertThat(row.get("baselines").get("seal-counter").asLong()).isEqualTo(121315);
    assertThat(row.get("baselines").get("seal-counter").isIntegralNumber()).isTrue();
  }

  @Test
  void ratiosOfAZeroBaselineAreNotNumbers() {
    StringWriter text = new StringWriter();

    DirectReport.printTable(new PrintWriter(text), List.of(new DirectResult(128, 0, 0, 0, 0)));

    assertThat(cells(text.toString().lines().toList().get(1)))
        .containsExactly("128B", "0", "0", "0", "0", "0.0", "n/a", "-", "n/a", ">=0.50",
            "MISSED", "n/a");
  }

  private static List<String> cells(String line) {
    return List.of(line.trim().split(" +"));
  }
}
