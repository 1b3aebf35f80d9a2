package io.libonomy.p2p.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.ScopeType;
import reactor.core.publisher.Mono;

/**
 * The {@code p2p} application: parses the command line and runs one subcommand.
 *
 * <p>Exit status: 0 on success, 1 when the command failed, 2 on a usage error (unknown option,
 * malformed value or URL), 130 when a signal interrupted a command before it finished. Every
 * failure prints exactly one {@code error: ...} line on stderr.
 */
@Command(
    name = "p2p",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {"Runs a libonomy-p2p node, sends a message to one, or simulates a"
        + " network of them on 127.0.0.1.", ""},
    footer = {
      "",
      "stdout carries only a command's result; logs and errors go to stderr.",
      "Exit status: 0 success, 1 failure, 2 usage error, 130 interrupted."
    })
public final class Main {

  @Option(
      names = "--log-level",
      scope = ScopeType.INHERIT,
      paramLabel = "LEVEL",
      description = "Level of the log lines written to stderr: ${COMPLETION-CANDIDATES}"
          + " (default: WARN).")
  private @Nullable LogLevel logLevel;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Log at DEBUG (unless --log-level says otherwise) and print a stack trace"
          + " with an error.")
  private boolean verbose;

  private Main() {}

  /** Runs the command line and exits the JVM with its status. */
  public static void main(String[] args) {
    JvmShutdown shutdown = JvmShutdown.install();
    int code = run(args, System.out, System.err, shutdown.requested());
    shutdown.finished(code);
    System.exit(code);
  }

  /**
   * Runs the command line with the given streams and returns the exit status. A long-running
   * command ({@code node}) runs until {@code stop} completes; {@code main} passes the JVM's
   * shutdown, tests pass a sink of their own.
   */
  static int run(String[] args, PrintStream out, PrintStream err, Mono<Void> stop) {
    Objects.requireNonNull(args, "args");
    Main main = new Main();
    ErrorReporter errors = new ErrorReporter(() -> main.verbose);
    // Subcommands first: picocli hands the settings below only to subcommands it already has.
    CommandLine cli = new CommandLine(main)
        .addSubcommand(new HelpCommand())
        .addSubcommand(new NodeCommand(stop))
        .addSubcommand(new SendCommand(stop))
        .addSubcommand(new SimCommand())
        .setOut(writer(out))
        .setErr(writer(err))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(errors)
        .setExecutionExceptionHandler(errors)
        .setExecutionStrategy(main::execute);
    return cli.execute(args);
  }

  private int execute(ParseResult parsed) {
    LogLevel level = logLevel != null ? logLevel : verbose ? LogLevel.DEBUG : null;
    if (level != null) {
      level.applyToRoot();
    }
    return new RunLast().execute(parsed);
  }

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }
}
