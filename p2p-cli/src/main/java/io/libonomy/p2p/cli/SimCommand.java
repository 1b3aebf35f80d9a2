package io.libonomy.p2p.cli;

import io.libonomy.p2p.api.Direction;
import io.libonomy.p2p.cli.SimReport.Spread;
import io.libonomy.p2p.testkit.GossipLoad;
import io.libonomy.p2p.testkit.LocalNetwork;
import io.libonomy.p2p.testkit.LocalNetwork.Node;
import io.libonomy.p2p.testkit.LocalNetwork.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** {@code p2p sim}: a whole network on 127.0.0.1 in this JVM, until it converges. */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Starts K bootnodes and N nodes on 127.0.0.1 in this process, waits until every node"
          + " holds DEGREE outbound peers, then broadcasts M gossip messages from random nodes"
          + " at R a second and waits until every node received every one, prints a summary"
          + " and shuts the network down.",
      "",
      "Progress goes to stderr, the summary table to stdout (to stderr with --json -, so that"
          + " stdout is exactly one JSON object).",
      ""
    },
    footer = {
      "",
      "Exit status: 0 converged and every node received every message exactly once, 1 did not"
          + " converge within --timeout, a delivery was missing or duplicated, or a node"
          + " failed, 2 usage error."
    })
final class SimCommand implements Callable<Integer> {

  private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);
  private static final long MIB = 1024 * 1024;
  /** The gossip protocol of the simulated broadcasts. */
  static final String SIM_PROTOCOL = "sim/1";

  @Option(names = "--nodes", paramLabel = "N",
      description = "Nodes that bootstrap from the bootnodes (default: ${DEFAULT-VALUE}).")
  private int nodes = 30;

  @Option(names = "--bootnodes", paramLabel = "K",
      description = "Bootnodes (default: ${DEFAULT-VALUE}).")
  private int bootnodes = 3;

  @Option(names = "--degree", paramLabel = "D",
      description = "Outbound peers every node keeps (default: ${DEFAULT-VALUE}).")
  private int degree = 8;

  @Option(names = "--seed", paramLabel = "S",
      description = "Seeds the node identities (default: ${DEFAULT-VALUE}).")
  private long seed = 1;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Give up when the network has not converged after this long"
          + " (default: 60s).")
  private Duration timeout = Duration.ofSeconds(60);

  @Option(names = "--messages", paramLabel = "M",
      description = "Gossip messages to broadcast once converged; 0 for none"
          + " (default: ${DEFAULT-VALUE}).")
  private int messages = 50;

  @Option(names = "--payload", paramLabel = "BYTES",
      description = "Bytes per gossip message, at least " + GossipLoad.HEADER_BYTES
          + " (default: ${DEFAULT-VALUE}).")
  private int payload = 1024;

  @Option(names = "--rate", paramLabel = "R",
      description = "Gossip messages broadcast a second (default: ${DEFAULT-VALUE}).")
  private double rate = 100;

  @Option(names = "--warmup", paramLabel = "W",
      description = "Gossip messages broadcast and delivered first, not measured, so that the"
          + " JIT has compiled the gossip path (default: ${DEFAULT-VALUE}).")
  private int warmup = 0;

  @Option(names = "--gossip-timeout", paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Give up waiting for deliveries this long after the last broadcast"
          + " (default: 60s).")
  private Duration gossipTimeout = Duration.ofSeconds(60);

  @Option(names = "--json", paramLabel = "FILE",
      description = "Also write the result as one JSON object to FILE ('-' for stdout).")
  private @Nullable String json;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    LocalNetwork.Settings settings = settings();
    GossipLoad.@Nullable Settings load = load();
    PrintWriter err = spec.commandLine().getErr();
    long started = System.nanoTime();
    List<String> errors = new ArrayList<>();
    long convergedMillis = -1;
    try (LocalNetwork network = LocalNetwork.create(settings)) {
      Disposable progress = Flux.interval(PROGRESS_INTERVAL)
          .subscribe(tick -> printProgress(err, network.progress()));
      try {
        network.start().then(network.awaitDegree())
            .timeout(timeout).block();
        convergedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
      } catch (RuntimeException e) {
        errors.add(describe(e, network));
      } finally {
        progress.dispose();
      }
      printProgress(err, network.progress());
      GossipLoad.@Nullable Result gossip = null;
      if (errors.isEmpty() && load != null) {
        err.printf("broadcasting %d messages of %d bytes at %s a second (after %d warm-up"
            + " messages)%n", messages, payload, rate, warmup);
        err.flush();
        gossip = GossipLoad.run(network, load).block();
        if (gossip.missingDeliveries() > 0 || gossip.duplicateDeliveries() > 0) {
          errors.add("gossip: " + gossip.missingDeliveries() + " deliveries missing, "
              + gossip.duplicateDeliveries() + " duplicated");
        }
        gossip.errors().forEach(e -> errors.add("gossip: " + e));
      }
      SimReport report = report(network, convergedMillis, gossip, errors);
      publish(report);
      return errors.isEmpty() ? ExitCode.OK : ExitCode.SOFTWARE;
    }
  }

  private LocalNetwork.Settings settings() {
    try {
      return new LocalNetwork.Settings(bootnodes, nodes, degree, seed, (r, i, c) -> c);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private GossipLoad.@Nullable Settings load() {
    if (messages == 0) {
      return null;
    }
    try {
      return new GossipLoad.Settings(messages, payload, rate, SIM_PROTOCOL, seed,
          gossipTimeout, warmup);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private String describe(RuntimeException failure, LocalNetwork network) {
    Throwable cause = reactor.core.Exceptions.unwrap(failure);
    if (cause instanceof TimeoutException) {
      Progress p = network.progress();
      return "did not converge within " + DurationConverter.format(timeout) + ": "
          + p.atTarget() + " of " + p.total() + " nodes reached " + degree + " outbound peers";
    }
    return "the network failed: " + cause;
  }

  private SimReport report(LocalNetwork network, long convergedMillis,
      GossipLoad.@Nullable Result gossip, List<String> errors) {
    List<Node> all = network.all();
    return new SimReport(nodes, bootnodes, degree, seed, convergedMillis,
        spread(all, n -> n.node().peerCount(Direction.OUTBOUND)),
        spread(all, n -> n.node().peerCount(Direction.INBOUND)),
        spread(all, n -> n.node().addressBook().size()),
        SimReport.Gossip.of(gossip, warmup), heapUsedMb(), errors);
  }

  private static Spread spread(List<Node> nodes, ToIntFunction<Node> figure) {
    return Spread.of(nodes.stream().mapToInt(figure));
  }

  /** Heap in use after a collection, so the figure is what the network holds, not garbage. */
  private static long heapUsedMb() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MIB;
  }

  private void publish(SimReport report) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    boolean jsonOnStdout = "-".equals(json);
    report.printTable(jsonOnStdout ? spec.commandLine().getErr() : out);
    if (json == null) {
      return;
    }
    if (jsonOnStdout) {
      out.println(report.toJson());
      out.flush();
    } else {
      Files.writeString(Path.of(json), report.toJson() + "\n", StandardCharsets.UTF_8);
    }
  }

  private void printProgress(PrintWriter err, Progress p) {
    err.printf("started %d/%d, bootstrapped %d, at %d outbound %d%n", p.started(), p.total(),
        p.bootstrapped(), degree, p.atTarget());
    err.flush();
  }
}
