package io.libonomy.p2p.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The lines above every results table: what ran, on which JVM (name, version, vendor, max heap,
 * JVM arguments) and host (cores, OS), when (UTC, to the second), and with which settings.
 */
final class RunHeader {

  private RunHeader() {}

  /** Prints {@code title}, the jvm, host and date lines, {@code run: settings} and a blank line. */
  static void print(PrintWriter out, String title, String settings) {
    Runtime runtime = Runtime.getRuntime();
    out.println(title);
    List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
    out.printf(Locale.ROOT, "jvm:   %s %s (%s), max heap %d MiB%s%n",
        System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
        System.getProperty("java.vm.vendor"), runtime.maxMemory() / (1024 * 1024),
        jvmArgs.isEmpty() ? "" : ", " + String.join(" ", jvmArgs));
    out.printf(Locale.ROOT, "host:  %d cores, %s %s%n", runtime.availableProcessors(),
        System.getProperty("os.name"), System.getProperty("os.arch"));
    out.println("date:  " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
    out.println("run:   " + settings);
    out.println();
    out.flush();
  }
}
