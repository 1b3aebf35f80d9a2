package io.libonomy.p2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** Runs the {@code p2p} command line in this JVM, as {@link Main#main} would. */
final class Cli {

  /** Longest wait for anything a test expects a command to do. */
  static final Duration DEADLINE = Duration.ofSeconds(30);

  private Cli() {}

  /** What a finished command left behind. */
  record Result(int exitCode, List<String> out, List<String> err) {}

  /** Runs a command that ends by itself (never asked to stop). */
  static Result run(String... args) {
    CapturedLines out = new CapturedLines();
    CapturedLines err = new CapturedLines();
    int code = Main.run(args, out.stream, err.stream, Mono.never());
    return new Result(code, out.lines(), err.lines());
  }

  /** Starts a long-running command on a thread of its own. */
  static Running start(String... args) {
    return new Running(args);
  }

  /** A command running until {@link #stop()}, as if the process got SIGTERM. */
  static final class Running implements AutoCloseable {

    final CapturedLines out = new CapturedLines();
    final CapturedLines err = new CapturedLines();
    private final Sinks.Empty<Void> stop = Sinks.empty();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private Running(String[] args) {
      Thread thread = new Thread(() -> {
        try {
          exit.complete(Main.run(args, out.stream, err.stream, stop.asMono()));
        } catch (Throwable t) {
          exit.completeExceptionally(t);
        }
      }, "p2p-" + args[0] + "-under-test");
      thread.setDaemon(true);
      thread.start();
    }

    /** The URL of the {@code listening} line, which must be the first line on stdout. */
    String awaitUrl() throws InterruptedException {
      String line = out.next(DEADLINE);
      assertThat(line).as("first stdout line; stderr: %s", err.lines()).startsWith("listening ");
      return line.substring("listening ".length());
    }

    /** Asks the command to stop and returns its exit code. */
    int stop() throws Exception {
      stop.tryEmitEmpty();
      return exitCode();
    }

    /** The exit code of a command that ends by itself. */
    int exitCode() throws Exception {
      return exit.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
      stop();
    }
  }
}
