package io.libonomy.p2p.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
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

  /** Measurements: raw-netty round trips and rate, then ours. */
  static final int STEPS = 4;

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

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  private boolean help;

  /** What one subject measured: its round trips and its request rate. */
  private record Measured(RttPercentiles rtt, double rps) {}

  @Override
  public Integer call() throws Exception {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long startNanos = System.nanoTime();
    printHeader(out);
    Progress progress = new Progress(err, STEPS);
    byte[] payload = Payload.seeded(PAYLOAD_SIZE);
    Measured raw = measure(progress, RpcReport.RAW_NETTY,
        new RawNettyRpc(Payload.seeded(OursRpc.frameBodyLength(PAYLOAD_SIZE))));
    Measured ours = measure(progress, "ours", new OursRpc(payload, outstanding));
    RpcResult result = new RpcResult(ours.rtt(), raw.rtt(), outstanding, ours.rps(), raw.rps());
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
                + "outstanding; %d outstanding: warm-up %s + window %s",
            PAYLOAD_SIZE, warmup, roundTrips, outstanding, DurationConverter.format(rpsWarmup),
            DurationConverter.format(rpsDuration)));
  }

  // One subject, both measurements on the same connection: round trips first, then the rate.
  private Measured measure(Progress progress, String name, RpcSubject subject) {
    try (subject) {
      subject.start();
      String rttLabel = name + " rtt";
      progress.begin(rttLabel, String.format(Locale.ROOT,
          "warm-up %,d + %,d round trips, one outstanding", warmup, roundTrips));
      RttPercentiles rtt = RttPercentiles.of(Latency.measure(subject, warmup, roundTrips));
      progress.end(rttLabel, String.format(Locale.ROOT,
          "p50 %.1f us, p99 %.1f us, p999 %.1f us, max %.1f us",
          rtt.p50(), rtt.p99(), rtt.p999(), rtt.max()));
      String rpsLabel = name + " rps-" + outstanding;
      progress.begin(rpsLabel, "warm-up " + DurationConverter.format(rpsWarmup) + ", window "
          + DurationConverter.format(rpsDuration));
      double rps = Throughput.measure(rpsLabel, new RequestLoad(subject, outstanding),
          rpsWarmup, rpsDuration);
      progress.end(rpsLabel, TextTable.count(rps) + " req/s");
      return new Measured(rtt, rps);
    }
  }
}
