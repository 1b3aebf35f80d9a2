package io.libonomy.p2p.cli;

/**
 * A failure a command reports in its own words: the message is the whole {@code error:} line
 * and {@link #exitCode()} the process's exit status.
 */
final class CommandFailure extends RuntimeException {

  /** Exit status of a command stopped by SIGINT or SIGTERM before it finished its work. */
  static final int INTERRUPTED = 130;

  private final int exitCode;

  CommandFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
