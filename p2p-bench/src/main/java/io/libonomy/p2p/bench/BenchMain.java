package io.libonomy.p2p.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Entry point of {@code p2p-bench.jar}, which {@code ./p2p bench} launches. */
@Command(
    name = "p2p-bench",
    description = "Benchmarks of this library next to baselines measured in the same run.",
    subcommands = {DirectCommand.class, RpcCommand.class})
public final class BenchMain implements Runnable {

  @Spec
  private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  private boolean help;

  /** The command line, ready to execute; tests drive it without exiting the JVM. */
  static CommandLine commandLine() {
    return new CommandLine(new BenchMain()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a benchmark: direct, rpc");
  }
}
