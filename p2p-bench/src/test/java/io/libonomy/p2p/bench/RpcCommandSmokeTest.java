package io.libonomy.p2p.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The whole {@code rpc} command, ours and raw-netty, shrunk to 200 round trips and 100 ms. */
class RpcCommandSmokeTest {

  @TempDir
  Path dir;

  @Test
  void measuresOursAndRawNettyAndWritesOneRowPerCase() throws IOException {
    Path file = dir.resolve("rpc.json");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = cli(out, err);

    int exit = cli.execute("rpc", "--round-trips", "200", "--warmup", "50",
        "--outstanding", "8", "--rps-warmup", "50ms", "--rps-duration", "100ms",
        "--json", file.toString());

    assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
    JsonNode rows = new ObjectMapper().readTree(file.toFile());
    assertThat(rows.isArray()).isTrue();
    List<String> cases = new ArrayList<>();
    for (JsonNode row : rows) {
      cases.add(row.get("case").asText());
      assertThat(row.fieldNames()).toIterable()
          .containsExactly("benchmark", "case", "metric", "ours", "baselines");
      assertThat(row.get("benchmark").asText()).isEqualTo("rpc");
      assertThat(row.get("ours").asDouble()).as("ours %s", row).isPositive();
      assertThat(row.get("baselines").fieldNames()).toIterable().containsExactly("raw-netty");
      assertThat(row.get("baselines").get("raw-netty").asDouble()).as("raw-netty %s", row)
          .isPositive();
    }
    assertThat(cases).containsExactly("rtt-p50", "rtt-p99", "rtt-p999", "rps-8");
    assertThat(rows.get(0).get("metric").asText()).isEqualTo("us");
    assertThat(rows.get(3).get("metric").asText()).isEqualTo("req/s");
    assertThat(rows.get(3).get("ours").isIntegralNumber()).isTrue();
    assertThat(out.toString())
        .contains("cores", "ours/raw-netty", "rtt-p50", "<=2.00", "<=2.50", "rps-8",
            "round trips: 200 each", "elapsed");
    // progress in the documented order: round trips of both, then each rate
    assertThat(err.toString())
        .containsSubsequence("[1/3] raw-netty and ours rtt", "[2/3] raw-netty rps-8",
            "[3/3] ours rps-8", "wrote " + file);
  }

  @Test
  void rejectsZeroRoundTrips() {
    StringWriter err = new StringWriter();

    int exit = cli(new StringWriter(), err).execute("rpc", "--round-trips", "0");

    assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--round-trips: must be at least 1");
  }

  private static CommandLine cli(StringWriter out, StringWriter err) {
    CommandLine cli = BenchMain.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli;
  }
}
