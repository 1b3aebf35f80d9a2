package io.libonomy.p2p.cli;

import io.libonomy.p2p.api.InvalidConfigException;
import io.libonomy.p2p.api.InvalidNodeUrlException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import reactor.core.Exceptions;

/**
 * Turns every failure into exactly one {@code error: ...} line on stderr and an exit code:
 * {@value ExitCode#USAGE} for what the user typed (options, values, URLs, configuration),
 * {@link CommandFailure#exitCode()} for a command's own failures, {@value ExitCode#SOFTWARE} for
 * the rest. A stack trace follows only in verbose mode.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {

  private final BooleanSupplier verbose;

  ErrorReporter(BooleanSupplier verbose) {
    this.verbose = verbose;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine command = ex.getCommandLine();
    String help = command.getCommandSpec().qualifiedName() + " --help";
    print(command.getErr(), lowerFirst(messageOf(ex)) + " (see '" + help + "')", ex);
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine command, ParseResult parsed) {
    Throwable failure = Exceptions.unwrap(ex);
    print(command.getErr(), describe(failure), failure);
    return exitCode(failure);
  }

  /** One line saying what went wrong, with the cause when it adds information. */
  static String describe(Throwable failure) {
    String message = messageOf(failure);
    Throwable cause = failure.getCause();
    if (!(failure instanceof CommandFailure) && cause != null && cause != failure) {
      String detail = messageOf(cause);
      if (!message.contains(detail)) {
        message = message + ": " + detail;
      }
    }
    return message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  static int exitCode(Throwable failure) {
    if (failure instanceof CommandFailure commandFailure) {
      return commandFailure.exitCode();
    }
    if (failure instanceof InvalidConfigException || failure instanceof InvalidNodeUrlException) {
      return ExitCode.USAGE;
    }
    return ExitCode.SOFTWARE;
  }

  private void print(PrintWriter err, String line, Throwable failure) {
    err.println("error: " + line);
    if (verbose.getAsBoolean()) {
      failure.printStackTrace(err);
    }
    err.flush();
  }

  private static String messageOf(Throwable failure) {
    @Nullable String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }

  /** picocli capitalises its messages; the rest of the line is lower case. */
  private static String lowerFirst(String message) {
    if (message.length() > 1 && Character.isUpperCase(message.charAt(0))
        && Character.isLowerCase(message.charAt(1))) {
      return message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }
    return message;
  }
}
