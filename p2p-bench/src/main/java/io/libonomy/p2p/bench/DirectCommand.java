package io.libonomy.p2p.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import reactor.netty.ReactorNetty;

/**
 * {@code p2p-bench direct}: direct-message throughput over one connection, ours next to raw
 * Reactor Netty with the same framing and to secretbox sealing alone (full nonce per call, and
 * with the subkey the transport precomputes), every case measured in this run. The table goes
 * to stdout, progress to stderr.
 */
@Command(
    name = "direct",
    description = "Direct-message throughput over one connection on 127.0.0.1: ours next to "
        + "raw Reactor Netty (same framing, no crypto) and secretbox seal alone on one thread, "
        + "full nonce per call (seal-alone) and with a precomputed subkey (seal-counter).",
    sortOptions = false)
final class DirectCommand implements Callable<Integer> {

  /** Largest payload: the default 8 MiB frame limit less room for the envelope and tag. */
  static final int MAX_PAYLOAD = Loopback.MAX_FRAME_BODY - 1024;

  /** Measurements per case: seal-alone, seal-counter, raw-netty, ours. */
  static final int SUBJECTS = 4;

  private static final long BUDGET_SECONDS = 170;

  @Spec
  private CommandSpec spec;

  @Option(names = "--json", paramLabel = "FILE",
      description = "Also write the results as a JSON array of rows to FILE.")
  private @Nullable Path json;

  @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Measurement window per measurement (default: ${DEFAULT-VALUE}).")
  private Duration duration;

  @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "2s",
      converter = DurationConverter.class,
      description = "Warm-up before each window, load running (default: ${DEFAULT-VALUE}).")
  private Duration warmup;

  @Option(names = "--sizes", paramLabel = "BYTES", split = ",",
      defaultValue = "128,1024,65536",
      description = "Payload sizes, one case each (default: ${DEFAULT-VALUE}).")
  private List<Integer> sizes;

  @Option(names = "--in-flight", paramLabel = "N", defaultValue = "256",
      description = "Sends outstanding at once, ours and raw-netty (default: ${DEFAULT-VALUE}).")
  private int inFlight;

  @Option(names = "--raw-flush", paramLabel = "POLICY", defaultValue = "batch",
      description = "raw-netty flushing: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; "
          + "batch is Reactor Netty's own for send(Publisher)).")
  private RawFlush rawFlush;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  private boolean help;

  @Override
  public Integer call() throws Exception {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    applySendPrefetch(err);
    long startNanos = System.nanoTime();
    printHeader(out);
    warnIfOverBudget(err);
    List<DirectResult> results = new ArrayList<>(sizes.size());
    Progress progress = new Progress(err, sizes.size() * SUBJECTS);
    for (int size : sizes) {
      byte[] payload = Payload.seeded(size);
      double sealAlone = run(progress, DirectReport.SEAL_ALONE, size,
          new SealAloneWorkload(payload, SealAloneWorkload.Mode.FULL_NONCE));
      double sealCounter = run(progress, DirectReport.SEAL_COUNTER, size,
          new SealAloneWorkload(payload, SealAloneWorkload.Mode.PRECOMPUTED_SUBKEY));
      double raw = run(progress, DirectReport.RAW_NETTY, size,
          new RawNettyWorkload(payload, rawFlush));
      double ours = run(progress, "ours", size, new OursWorkload(payload, inFlight));
      results.add(new DirectResult(size, ours, raw, sealAlone, sealCounter));
    }
    DirectReport.printTable(out, results);
    out.printf(Locale.ROOT, "elapsed: %.1f s%n", (System.nanoTime() - startNanos) / 1e9);
    out.flush();
    if (json != null) {
      DirectReport.writeJson(json, results);
      err.println("wrote " + json);
      err.flush();
    }
    return 0;
  }

  private void validate() {
    if (sizes.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--sizes: give at least one size");
    }
    for (int size : sizes) {
      if (size < 1 || size > MAX_PAYLOAD) {
        throw new ParameterException(spec.commandLine(),
            "--sizes: " + size + " is outside 1.." + MAX_PAYLOAD + " bytes");
      }
    }
    if (inFlight < 1) {
      throw new ParameterException(spec.commandLine(), "--in-flight: must be at least 1");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new ParameterException(spec.commandLine(), "--duration: must be positive");
    }
    if (warmup.isNegative()) {
      throw new ParameterException(spec.commandLine(), "--warmup: must not be negative");
    }
  }

  // Reactor Netty reads its send prefetch once, when it first streams a Publisher; setting it
  // here, before any workload runs, gives raw-netty the same in-flight bound as ours.
  private void applySendPrefetch(PrintWriter err) {
    String property = ReactorNetty.REACTOR_NETTY_SEND_MAX_PREFETCH_SIZE;
    String wanted = Integer.toString(inFlight);
    String current = System.getProperty(property);
    if (current == null) {
      System.setProperty(property, wanted);
    } else if (!current.equals(wanted)) {
      err.println("warning: " + property + "=" + current
          + " was set before this run; raw-netty keeps that many sends in flight, not " + wanted);
    }
  }

  private void printHeader(PrintWriter out) {
    RunHeader.print(out,
        "p2p-bench direct: direct-message throughput, one connection on 127.0.0.1",
        String.format(Locale.ROOT, "warm-up %s + window %s per measurement, in-flight %d, "
            + "raw-netty flush %s", DurationConverter.format(warmup),
            DurationConverter.format(duration), inFlight,
            rawFlush.name().toLowerCase(Locale.ROOT)));
  }

  private void warnIfOverBudget(PrintWriter err) {
    long perMeasurement = warmup.plus(duration).toSeconds();
    long estimate = sizes.size() * (long) SUBJECTS * perMeasurement;
    if (estimate > BUDGET_SECONDS) {
      err.printf(Locale.ROOT,
          "warning: about %d s of warm-up and windows; the default run stays under 3 minutes%n",
          estimate);
      err.flush();
    }
  }

  private double run(Progress progress, String name, int size, Workload workload) {
    String label = name + " " + size + "B";
    progress.begin(label, "warm-up " + DurationConverter.format(warmup) + ", window "
        + DurationConverter.format(duration));
    double rate = Throughput.measure(label, workload, warmup, duration);
    progress.end(label, TextTable.count(rate) + " msgs/s");
    return rate;
  }
}
