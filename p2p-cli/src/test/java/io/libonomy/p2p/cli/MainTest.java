package io.libonomy.p2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h", "node --help", "send --help", "help node", "help send"})
  void printsUsageOnStdoutAndExitsZero(String args) {
    Cli.Result result = Cli.run(args.split(" "));

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).first().asString().startsWith("Usage: p2p");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void nodeHelpSaysThatUpnpIsOptIn() {
    Cli.Result result = Cli.run("node", "--help");

    assertThat(String.join(" ", result.out()).replaceAll("\\s+", " "))
        .contains("--upnp Map the TCP and UDP port on the local router with UPnP")
        .contains("Without --upnp (or acquire-port = true in the --config file) the node does"
            + " not touch the router");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--version", "-V", "node --version", "send --version"})
  void printsTheBuiltVersion(String args) {
    Cli.Result result = Cli.run(args.split(" "));

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).first().asString().matches("p2p \\d+\\.\\d+\\.\\d+\\S*");
  }

  @Test
  void reportsAMissingCommandOnOneLine() {
    Cli.Result result = Cli.run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).containsExactly(
        "error: missing required subcommand (see 'p2p --help')");
  }

  @Test
  void reportsAnUnknownOptionOnOneLine() {
    Cli.Result result = Cli.run("node", "--bogus");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).containsExactly(
        "error: unknown option: '--bogus' (see 'p2p node --help')");
  }

  @Test
  void reportsAMalformedDurationOnOneLine() {
    Cli.Result result = Cli.run("send", "--timeout", "10x", "libonomy://x@127.0.0.1:1", "p", "t");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).singleElement().asString()
        .startsWith("error: invalid value for option '--timeout': '10x' is not a duration");
  }

  @Test
  void reportsAMissingArgumentOnOneLine() {
    Cli.Result result = Cli.run("send", "libonomy://x@127.0.0.1:1");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).singleElement().asString()
        .startsWith("error: missing required parameters: 'PROTOCOL', 'TEXT'");
  }

  @Test
  void rejectsAnUnknownLogLevel() {
    Cli.Result result = Cli.run("node", "--log-level", "LOUD");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).singleElement().asString()
        .startsWith("error: invalid value for option '--log-level'");
  }

  @Test
  void verboseAddsTheStackTraceAfterTheErrorLine() {
    // --log-level WARN keeps the logging as it is; -v still asks for the stack trace.
    Cli.Result result = Cli.run("send", "-v", "--log-level", "WARN", "nonsense", "chat/1", "x");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).hasSizeGreaterThan(1);
    assertThat(result.err().get(0)).startsWith("error: invalid node URL 'nonsense'");
    assertThat(result.err().get(1)).startsWith(
        "io.libonomy.p2p.api.InvalidNodeUrlException: invalid node URL");
  }

  @Test
  void acceptsTheLoggingOptionsBeforeTheCommand() {
    Cli.Result result = Cli.run("--log-level", "warn", "send", "nonsense", "chat/1", "x");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).singleElement().asString().startsWith("error: invalid node URL");
  }
}
