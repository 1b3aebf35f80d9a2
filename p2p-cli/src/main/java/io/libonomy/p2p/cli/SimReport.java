package io.libonomy.p2p.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.libonomy.p2p.testkit.GossipLoad;
import org.jspecify.annotations.Nullable;
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
    "inbound", "addressBook", "messages", "deliveries", "expectedDeliveries",
    "duplicateDeliveries", "latencyMillis", "framesPerMessage", "bytesSent", "gossipMillis",
    "warmupMessages", "heapUsedMb", "errors"})
record SimReport(int nodes, int bootnodes, int degree, long seed, long bootstrapMillis,
    Spread outbound, Spread inbound, Spread addressBook,
    @JsonIgnore Gossip gossip, long heapUsedMb, List<String> errors) {

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

  /**
   * The gossip phase: every figure 0 when no message was broadcast.
   *
   * @param messages messages broadcast
   * @param deliveries messages that reached a node's subscriber, duplicates included
   * @param expectedDeliveries messages × nodes
   * @param duplicateDeliveries deliveries of a message a node had already
   * @param latencyMillis from the moment a broadcast was due on the schedule to the delivery
   * @param framesPerMessage gossip frames all nodes sent, per message
   * @param bytesSent bytes all nodes wrote to TCP during the gossip phase
   * @param gossipMillis first broadcast until the last delivery (plus a 500 ms quiet period)
   * @param warmupMessages messages broadcast before, not measured
   */
  @JsonPropertyOrder({"messages", "deliveries", "expectedDeliveries", "duplicateDeliveries",
      "latencyMillis", "framesPerMessage", "bytesSent", "gossipMillis", "warmupMessages"})
  record Gossip(int messages, long deliveries, long expectedDeliveries,
      long duplicateDeliveries, GossipLoad.Latency latencyMillis, double framesPerMessage,
      long bytesSent, long gossipMillis, int warmupMessages) {

    static Gossip of(GossipLoad.@Nullable Result result, int warmupMessages) {
      if (result == null) {
        return new Gossip(0, 0, 0, 0, new GossipLoad.Latency(0, 0, 0, 0), 0, 0, 0, 0);
      }
      return new Gossip(result.messages(), result.deliveries(), result.expectedDeliveries(),
          result.duplicateDeliveries(), result.latencyMillis(), result.framesPerMessage(),
          result.bytesSent(), result.millis(), warmupMessages);
    }
  }

  @JsonProperty("messages")
  int messages() {
    return gossip.messages();
  }

  @JsonProperty("deliveries")
  long deliveries() {
    return gossip.deliveries();
  }

  @JsonProperty("expectedDeliveries")
  long expectedDeliveries() {
    return gossip.expectedDeliveries();
  }

  @JsonProperty("duplicateDeliveries")
  long duplicateDeliveries() {
    return gossip.duplicateDeliveries();
  }

  @JsonProperty("latencyMillis")
  GossipLoad.Latency latencyMillis() {
    return gossip.latencyMillis();
  }

  @JsonProperty("framesPerMessage")
  double framesPerMessage() {
    return gossip.framesPerMessage();
  }

  @JsonProperty("bytesSent")
  long bytesSent() {
    return gossip.bytesSent();
  }

  @JsonProperty("gossipMillis")
  long gossipMillis() {
    return gossip.gossipMillis();
  }

  @JsonProperty("warmupMessages")
  int warmupMessages() {
    return gossip.warmupMessages();
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
    if (gossip.messages() > 0) {
      out.printf(Locale.ROOT, "gossip:        %d messages, %d of %d deliveries, %d duplicates"
              + "%n", gossip.messages(), gossip.deliveries(), gossip.expectedDeliveries(),
          gossip.duplicateDeliveries());
      GossipLoad.Latency l = gossip.latencyMillis();
      out.printf(Locale.ROOT, "latency ms:    p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n",
          l.p50(), l.p90(), l.p99(), l.max());
      out.printf(Locale.ROOT, "traffic:       %.2f frames a message, %d bytes sent, %d ms%n",
          gossip.framesPerMessage(), gossip.bytesSent(), gossip.gossipMillis());
    }
    out.printf(Locale.ROOT, "heap used:     %d MB%n", heapUsedMb);
    errors.forEach(e -> out.println("error: " + e));
    out.flush();
  }

  private static void row(PrintWriter out, String name, Spread spread) {
    out.printf(Locale.ROOT, "%-14s %6d %8.2f %6d%n", name, spread.min(), spread.avg(),
        spread.max());
  }
}
