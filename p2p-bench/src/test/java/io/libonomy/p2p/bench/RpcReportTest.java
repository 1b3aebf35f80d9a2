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

class RpcReportTest {

  private static final RttPercentiles RAW = new RttPercentiles(20.0, 40.0, 100.0, 900.0, 500);

  @TempDir
  Path dir;

  @Test
  void ratiosAreOursOverRawNettyAndLatencyTargetsAreUpperBounds() {
    // p50 exactly 2.0x (met), p99 2.6x (missed)
    RpcResult result = new RpcResult(new RttPercentiles(40.0, 104.0, 300.0, 1_000.0, 500),
        RAW, 64, 50_000, 200_000);

    List<RpcResult.Case> cases = result.cases();

    assertThat(cases).extracting(RpcResult.Case::name)
        .containsExactly("rtt-p50", "rtt-p99", "rtt-p999", "rps-64");
    assertThat(cases).extracting(RpcResult.Case::ratio).containsExactly(2.0, 2.6, 3.0, 0.25);
    assertThat(cases).extracting(RpcResult.Case::maxRatio).containsExactly(2.0, 2.5, null, null);
    assertThat(cases).extracting(RpcResult.Case::isMet).containsExactly(true, false, false, false);
  }

  @Test
  void tableShowsEachCaseWithItsRatioAndTarget() {
    RpcResult result = new RpcResult(new RttPercentiles(30.04, 99.96, 250.0, 1_234.5, 500),
        RAW, 64, 51_234.4, 300_000);
    StringWriter text = new StringWriter();

    RpcReport.printTable(new PrintWriter(text), result);

    List<String> lines = text.toString().lines().toList();
    assertThat(lines).hasSize(6);
    assertThat(cells(lines.get(0)))
        .containsExactly("case", "metric", "ours", "raw-netty", "ours/raw-netty", "target");
    assertThat(cells(lines.get(1)))
        .containsExactly("rtt-p50", "us", "30.0", "20.0", "1.50", "<=2.00", "met");
    assertThat(cells(lines.get(2)))
        .containsExactly("rtt-p99", "us", "100.0", "40.0", "2.50", "<=2.50", "met");
    assertThat(cells(lines.get(3)))
        .containsExactly("rtt-p999", "us", "250.0", "100.0", "2.50", "-");
    assertThat(cells(lines.get(4)))
        .containsExactly("rps-64", "req/s", "51,234", "300,000", "0.17", "-");
    assertThat(lines.get(5))
        .isEqualTo("round trips: 500 each, one outstanding; max ours 1234.5 us, "
            + "raw-netty 900.0 us");
  }

  @Test
  void columnsLineUpWithTheirHeaders() {
    StringWriter text = new StringWriter();

    RpcReport.printTable(new PrintWriter(text),
        new RpcResult(new RttPercentiles(1234.5, 2.0, 3.0, 4.0, 1), RAW, 64, 1_234_567, 1));

    List<String> lines = text.toString().lines().toList();
    for (String header : List.of("ours", "raw-netty", "ours/raw-netty")) {
      int end = lines.get(0).indexOf(header + " ") + header.length();
      for (String line : lines.subList(1, 5)) {
        assertThat(line.charAt(end - 1)).as("%s in %s", header, line).isNotEqualTo(' ');
        assertThat(line.charAt(end)).as("%s in %s", header, line).isEqualTo(' ');
      }
    }
  }

  @Test
  void jsonRowsHaveTheAgreedShape() throws IOException {
    Path file = dir.resolve("out/rpc.json");

    RpcReport.writeJson(file, new RpcResult(new RttPercentiles(41.26, 88.0, 150.04, 1e3, 9),
        RAW, 16, 45_678.6, 298_765.4));

    JsonNode rows = new ObjectMapper().readTree(file.toFile());
    assertThat(rows.size()).isEqualTo(4);
    for (JsonNode row : rows) {
      assertThat(row.fieldNames()).toIterable()
          .containsExactly("benchmark", "case", "metric", "ours", "baselines");
      assertThat(row.get("benchmark").asText()).isEqualTo("rpc");
      assertThat(row.get("baselines").fieldNames()).toIterable().containsExactly("raw-netty");
    }
    JsonNode p50 = rows.get(0);
    assertThat(p50.get("case").asText()).isEqualTo("rtt-p50");
    assertThat(p50.get("metric").asText()).isEqualTo("us");
    assertThat(p50.get("ours").asDouble()).isEqualTo(41.3);
    assertThat(p50.get("baselines").get("raw-netty").asDouble()).isEqualTo(20.0);
    assertThat(rows.get(2).get("ours").asDouble()).isEqualTo(150.0);
    JsonNode rps = rows.get(3);
    assertThat(rps.get("case").asText()).isEqualTo("rps-16");
    assertThat(rps.get("metric").asText()).isEqualTo("req/s");
    assertThat(rps.get("ours").isIntegralNumber()).isTrue();
    assertThat(rps.get("ours").asLong()).isEqualTo(45_679);
    assertThat(rps.get("baselines").get("raw-netty").isIntegralNumber()).isTrue();
    assertThat(rps.get("baselines").get("raw-netty").asLong()).isEqualTo(298_765);
  }

  @Test
  void aZeroBaselineGivesNoRatioAndMissesItsTarget() {
    RttPercentiles zero = new RttPercentiles(0, 0, 0, 0, 0);
    StringWriter text = new StringWriter();

    RpcReport.printTable(new PrintWriter(text), new RpcResult(zero, zero, 64, 0, 0));

    assertThat(cells(text.toString().lines().toList().get(1)))
        .containsExactly("rtt-p50", "us", "0.0", "0.0", "n/a", "<=2.00", "MISSED");
  }

  private static List<String> cells(String line) {
    return List.of(line.trim().split(" +"));
  }
}
