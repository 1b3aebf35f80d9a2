package io.libonomy.p2p.bench;

import io.libonomy.p2p.server.MessageServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code p2p-bench rpc}: request/response over one connection, ours (two switches and their
 * message servers) next to a raw Reactor Netty ping-pong with the same framing, both measured
 * in this run: round-trip percentiles with one request outstanding, then answers a second with
 * {@code --outstanding} requests outstanding. The table goes to stdout, progress to stderr.
 */
@Command(
    name = "rpc",
    description = "Request/response over one connection on 127.0.0.1: round-trip time with "
        + "one request outstanding (p50/p99/p999) and requests a second with --outstanding "
        + "outstanding, ours (MessageServer over two switches) next to raw Reactor Netty "
        + "(same framing, no crypto, echo server).",
    sortOptions = false)
final class RpcCommand implements Callable<Integer> {

  /** The payload of every request and answer. */
  static final int PAYLOAD_SIZE = 64;

  /** Measurements: the round trips of both, then the rate of raw-netty, then of ours. */
  static final int STEPS = 3;

  @Spec
  private CommandSpec spec;

  @Option(names = "--json", paramLabel = "FILE",
      description = "Also write the results as a JSON array of rows to FILE.")
  private @Nullable Path json;

  @Option(names = "--round-trips", paramLabel = "N", defaultValue = "50000",
      description = "Round trips measured per subject, one outstanding "
          + "(default: ${DEFAULT-VALUE}).")
  private int roundTrips;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "10000",
      description = "Round trips before those, not measured (default: ${DEFAULT-VALUE}).")
  private int warmup;

  @Option(names = "--outstanding", paramLabel = "N", defaultValue = "64",
      description = "Requests outstanding for the request rate (default: ${DEFAULT-VALUE}).")
  private int outstanding;

  @Option(names = "--rps-duration", paramLabel = "DURATION", defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Measurement window of the request rate (default: ${DEFAULT-VALUE}).")
  private Duration rpsDuration;

  @Option(names = "--rps-warmup", paramLabel = "DURATION", defaultValue = "1s",
      converter = DurationConverter.class,
      description = "Warm-up before that window, load running (default: ${DEFAULT-VALUE}).")
  private Duration rpsWarmup;

  @Option(names = "--handler-thread", paramLabel = "WHERE", defaultValue = "CHANNEL",
      description = "Where ours' echo handler runs, a MessageServer option: CHANNEL (the "
          + "connection's event loop; the handler returns at once) or PARALLEL (the library's "
          + "default) (default: ${DEFAULT-VALUE}).")
  private MessageServer.HandlerThread handlerThread;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  private boolean help;

  @Override
  public Integer call() throws Exception {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long startNanos = System.nanoTime();
    printHeader(out);
    Progress progress = new Progress(err, STEPS);
    RpcResult result;
    try (RpcSubject raw = new RawNettyRpc(Payload.seeded(OursRpc.frameBodyLength(PAYLOAD_SIZE)));
        RpcSubject ours = new OursRpc(Payload.seeded(PAYLOAD_SIZE), outstanding,
            handlerThread)) {
      raw.start();
      ours.start();
      List<RttPercentiles> rtt = roundTrips(progress, List.of(raw, ours));
      double rawRps = rate(progress, RpcReport.RAW_NETTY, raw);
      double oursRps = rate(progress, "ours", ours);
      result = new RpcResult(rtt.get(1), rtt.get(0), outstanding, oursRps, rawRps);
    }
    RpcReport.printTable(out, result);
    out.printf(Locale.ROOT, "elapsed: %.1f s%n", (System.nanoTime() - startNanos) / 1e9);
    out.flush();
    if (json != null) {
      RpcReport.writeJson(json, result);
      err.println("wrote " + json);
      err.flush();
    }
    return 0;
  }

  private void validate() {
    if (roundTrips < 1) {
      throw new ParameterException(spec.commandLine(), "--round-trips: must be at least 1");
    }
    if (warmup < 0) {
      throw new ParameterException(spec.commandLine(), "--warmup: must not be negative");
    }
    if (outstanding < 1) {
      throw new ParameterException(spec.commandLine(), "--outstanding: must be at least 1");
    }
    if (rpsDuration.isNegative() || rpsDuration.isZero()) {
      throw new ParameterException(spec.commandLine(), "--rps-duration: must be positive");
    }
    if (rpsWarmup.isNegative()) {
      throw new ParameterException(spec.commandLine(), "--rps-warmup: must not be negative");
    }
  }

  private void printHeader(PrintWriter out) {
    RunHeader.print(out,
        "p2p-bench rpc: request/response round trips, one connection on 127.0.0.1",
        String.format(Locale.ROOT, "%d B payload; warm-up %,d + %,d round trips, one "
                + "outstanding; %d outstanding: warm-up %s + window %s; ours' handler on %s",
            PAYLOAD_SIZE, warmup, roundTrips, outstanding, DurationConverter.format(rpsWarmup),
            DurationConverter.format(rpsDuration), handlerThread));
  }

  // Both subjects in alternating blocks (see Latency): raw-netty first, then ours.
  private List<RttPercentiles> roundTrips(Progress progress, List<RpcSubject> subjects) {
    String label = RpcReport.RAW_NETTY + " and ours rtt";
    progress.begin(label, String.format(Locale.ROOT, "warm-up %,d + %,d round trips each, "
        + "one outstanding, in %d alternating blocks", warmup, roundTrips, Latency.BLOCKS));
    List<RttPercentiles> rtt = Latency.measure(subjects, warmup, roundTrips).stream()
        .map(RttPercentiles::of)
        .toList();
    progress.end(label, String.format(Locale.ROOT, "p50 %.1f / %.1f us, p99 %.1f / %.1f us, "
            + "p999 %.1f / %.1f us", rtt.get(0).p50(), rtt.get(1).p50(), rtt.get(0).p99(),
        rtt.get(1).p99(), rtt.get(0).p999(), rtt.get(1).p999()));
    return rtt;
  }

  private double rate(Progress progress, String name, RpcSubject subject) {
    String label = name + " rps-" + outstanding;
    progress.begin(label, "warm-up " + DurationConverter.format(rpsWarmup) + ", window "
        + DurationConverter.format(rpsDuration));
    double rps = Throughput.measure(label, new RequestLoad(subject, outstanding), rpsWarmup,
        rpsDuration);
    progress.end(label, TextTable.count(rps) + " req/s");
    return rps;
  }
}
