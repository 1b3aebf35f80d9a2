package io.libonomy.p2p.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ExitCode;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Turns SIGINT and SIGTERM into a stop request for the running command and lets the process
 * exit with the command's own status.
 *
 * <p>The JVM answers those signals by running its shutdown hooks and then exiting with status
 * 128 + signal. The hook installed here completes {@link #requested()}, waits until the main
 * thread reports through {@link #finished(int)} that the command has shut its node down, and
 * then halts the JVM with that command's status, so a node stopped by a signal exits 0. If the
 * command does not finish within {@link #GRACE}, the hook returns and the JVM exits as it
 * would have without it.
 */
final class JvmShutdown {

  /** Longer than any command's own shutdown timeout, so that the command reports first. */
  static final Duration GRACE = Blocking.SHUTDOWN_TIMEOUT.plusSeconds(5);

  private final Sinks.Empty<Void> requested = Sinks.empty();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile int exitCode = ExitCode.SOFTWARE;

  private JvmShutdown() {}

  /** Registers the shutdown hook; call once, from {@code main}. */
  static JvmShutdown install() {
    JvmShutdown shutdown = new JvmShutdown();
    Runtime.getRuntime().addShutdownHook(new Thread(shutdown::onJvmShutdown, "p2p-shutdown"));
    return shutdown;
  }

  /** Completes when the JVM begins to shut down; never errors. */
  Mono<Void> requested() {
    return requested.asMono();
  }

  /** The command has returned {@code code}; the process may now end with it. */
  void finished(int code) {
    exitCode = code;
    finished.countDown();
  }

  private void onJvmShutdown() {
    if (finished.getCount() == 0) {
      return; // the command ended by itself and System.exit carries its status
    }
    requested.tryEmitEmpty();
    try {
      if (finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(exitCode);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
