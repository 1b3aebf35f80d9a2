package io.libonomy.p2p.cli;

import io.libonomy.p2p.swarm.Switch;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ExitCode;
import reactor.core.publisher.Mono;

/** The commands' blocking waits: the CLI is the edge where blocking is allowed. */
final class Blocking {

  /** How long a node may take to bind its listener. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  /** How long a node may take to close its connections once asked to stop. */
  static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  private Blocking() {}

  /**
   * Blocks until {@code mono} completes, rethrowing its error; after {@code timeout} fails with
   * a {@link CommandFailure} saying that {@code what} did not complete in time.
   */
  static <T> @Nullable T await(Mono<T> mono, Duration timeout, String what) {
    return mono.timeout(timeout, Mono.error(() -> new CommandFailure(ExitCode.SOFTWARE,
            what + " did not complete within " + DurationConverter.format(timeout))))
        .block();
  }

  static void start(Switch node) {
    await(node.start(), START_TIMEOUT, "node start");
  }

  static void shutdown(Switch node) {
    await(node.shutdown(), SHUTDOWN_TIMEOUT, "shutdown");
  }

  /** Shuts {@code node} down after {@code failure} without hiding that failure. */
  static void shutdownAfter(Switch node, RuntimeException failure) {
    try {
      shutdown(node);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
