package io.libonomy.p2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code p2p sim} end to end: a small network on 127.0.0.1 in this JVM. */
class SimCommandTest {

  private static final JsonMapper JSON = new JsonMapper();

  @Test
  void aConvergedNetworkPrintsOneJsonObjectOnStdoutAndExitsZero() throws Exception {
    Cli.Result result = Cli.run("sim", "--nodes", "8", "--bootnodes", "1", "--degree", "2",
        "--seed", "3", "--messages", "20", "--payload", "256", "--rate", "200", "--warmup", "5",
        "--json", "-");

    assertThat(result.exitCode()).as("stderr: %s", result.err()).isZero();
    JsonNode report = JSON.readTree(String.join("\n", result.out()));
    assertThat(report.get("nodes").asInt()).isEqualTo(8);
    assertThat(report.get("bootnodes").asInt()).isEqualTo(1);
    assertThat(report.get("degree").asInt()).isEqualTo(2);
    assertThat(report.get("seed").asLong()).isEqualTo(3);
    assertThat(report.get("bootstrapMillis").asLong()).isPositive();
    assertThat(report.get("outbound").get("max").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(report.get("addressBook").get("min").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(report.get("inbound").has("avg")).isTrue();
    assertThat(report.get("heapUsedMb").asLong()).isPositive();
    assertThat(report.get("errors")).isEmpty();
    assertThat(report.get("messages").asInt()).isEqualTo(20);
    assertThat(report.get("warmupMessages").asInt()).isEqualTo(5);
    assertThat(report.get("expectedDeliveries").asLong()).isEqualTo(20 * 9);
    assertThat(report.get("deliveries").asLong()).isEqualTo(20 * 9);
    assertThat(report.get("duplicateDeliveries").asLong()).isZero();
    assertThat(report.get("latencyMillis").get("p99").asDouble())
        .isLessThanOrEqualTo(report.get("latencyMillis").get("max").asDouble());
    assertThat(report.get("framesPerMessage").asDouble()).isGreaterThanOrEqualTo(8);
    assertThat(report.get("bytesSent").asLong()).isGreaterThan(20L * 256 * 8);
    java.util.List<String> fields = new java.util.ArrayList<>();
    report.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsSubsequence("addressBook", "messages", "deliveries",
        "expectedDeliveries", "duplicateDeliveries", "latencyMillis", "framesPerMessage",
        "bytesSent", "heapUsedMb", "errors");
    assertThat(result.err()).anyMatch(line -> line.startsWith("started 9/9"))
        .anyMatch(line -> line.startsWith("converged:"));
  }

  @Test
  void aNetworkThatCannotConvergeReportsTheErrorAndExitsOne(@TempDir Path dir)
      throws Exception {
    // 2 nodes hold 1 link: nobody can have 2 outbound peers, even counting a link twice for the
    // moment two simultaneous dials take to settle which connection stays
    Path file = dir.resolve("sim.json");
    Cli.Result result = Cli.run("sim", "--nodes", "1", "--bootnodes", "1", "--degree", "2",
        "--timeout", "3s", "--json", file.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    JsonNode report = JSON.readTree(Files.readString(file));
    assertThat(report.get("bootstrapMillis").asLong()).isEqualTo(-1);
    assertThat(report.get("errors").get(0).asText()).startsWith("did not converge within 3s");
    assertThat(result.out()).anyMatch(line -> line.startsWith("converged:     no"));
  }

  @Test
  void missingDeliveriesExitOne(@TempDir Path dir) throws Exception {
    // degree 0: nobody dials anybody, so a broadcast reaches its own node only
    Path file = dir.resolve("sim.json");
    Cli.Result result = Cli.run("sim", "--nodes", "3", "--bootnodes", "1", "--degree", "0",
        "--messages", "2", "--gossip-timeout", "1s", "--json", file.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    JsonNode report = JSON.readTree(Files.readString(file));
    assertThat(report.get("deliveries").asLong()).isEqualTo(2);
    assertThat(report.get("expectedDeliveries").asLong()).isEqualTo(8);
    assertThat(report.get("errors").get(0).asText()).isEqualTo(
        "gossip: 6 deliveries missing, 0 duplicated");
  }

  @Test
  void aPayloadTooSmallForTheHeaderIsAUsageError() {
    Cli.Result result = Cli.run("sim", "--payload", "8");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).anyMatch(line -> line.contains("payload must be at least 16"));
  }

  @Test
  void invalidSizesAreUsageErrors() {
    Cli.Result result = Cli.run("sim", "--bootnodes", "0");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).anyMatch(line -> line.contains("bootnodes must be at least 1"));
  }
}
