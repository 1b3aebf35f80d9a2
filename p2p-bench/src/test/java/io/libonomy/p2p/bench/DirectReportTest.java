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
        new DirectResult(128, 400, 1_000, 2_000),
        new DirectResult(1024, 700, 2_000, 1_000),
        new DirectResult(65536, 10, 50, 20));
    StringWriter text = new StringWriter();

    DirectReport.printTable(new PrintWriter(text), results);

    List<String> lines = text.toString().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(1)).startsWith("128B").contains("0.20", "0.40", ">=0.50 MISSED");
    assertThat(lines.get(2)).startsWith("1024B").contains("0.70", ">=0.70 met");
    assertThat(lines.get(3)).startsWith("65536B").doesNotContain(">=");
  }

  @Test
  void jsonRowsHaveTheAgreedShape() throws IOException {
    Path file = dir.resolve("out/direct.json");

    DirectReport.writeJson(file, List.of(new DirectResult(1024, 1234.4, 5678.6, 91011)));

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
        .containsExactly("raw-netty", "seal-alone");
    assertThat(row.get("baselines").get("raw-netty").asLong()).isEqualTo(5679);
    assertThat(row.get("baselines").get("seal-alone").asLong()).isEqualTo(91011);
  }

  @Test
  void ratiosOfAZeroBaselineAreNotNumbers() {
    StringWriter text = new StringWriter();

    DirectReport.printTable(new PrintWriter(text), List.of(new DirectResult(128, 0, 0, 0)));

    assertThat(text.toString()).contains("n/a");
  }
}
