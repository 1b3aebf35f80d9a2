package io.libonomy.p2p.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The whole {@code direct} command, ours and the three baselines, shrunk to 200 ms windows. */
class DirectCommandSmokeTest {

  @TempDir
  Path dir;

  @Test
  void measuresOursAndAllBaselinesAndWritesOneRowPerCase() throws IOException {
    Path file = dir.resolve("direct.json");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = BenchMain.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("direct", "--sizes", "128", "--warmup", "100ms",
        "--duration", "200ms", "--json", file.toString());

    assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
    JsonNode rows = new ObjectMapper().readTree(file.toFile());
    assertThat(rows.isArray()).isTrue();
    assertThat(rows.size()).isOne();
    JsonNode row = rows.get(0);
    assertThat(row.fieldNames()).toIterable()
        .containsExactly("benchmark", "case", "metric", "ours", "baselines");
    assertThat(row.get("benchmark").asText()).isEqualTo("direct");
    assertThat(row.get("case").asText()).isEqualTo("128B");
    assertThat(row.get("metric").asText()).isEqualTo("msgs/s");
    assertThat(row.get("ours").isIntegralNumber()).isTrue();
    assertThat(row.get("ours").asLong()).isPositive();
    JsonNode baselines = row.get("baselines");
    assertThat(baselines.fieldNames()).toIterable()
        .containsExactly("raw-netty", "seal-alone", "seal-counter");
    assertThat(baselines.get("raw-netty").asLong()).isPositive();
    assertThat(baselines.get("seal-alone").asLong()).isPositive();
    assertThat(baselines.get("seal-counter").asLong()).isPositive();
    assertThat(out.toString())
        .contains("cores", "128B", "seal-counter msgs/s", "ours/seal-counter", ">=0.50",
            "elapsed");
    // progress in the documented order, four measurements for the one case
    assertThat(err.toString())
        .containsSubsequence("[1/4] seal-alone 128B", "[2/4] seal-counter 128B",
            "[3/4] raw-netty 128B", "[4/4] ours 128B");
  }

  @Test
  void rejectsASizeAboveTheFrameLimit() {
    StringWriter err = new StringWriter();
    CommandLine cli = BenchMain.commandLine();
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("direct", "--sizes", "128,99999999");

    assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--sizes: 99999999 is outside");
  }
}
