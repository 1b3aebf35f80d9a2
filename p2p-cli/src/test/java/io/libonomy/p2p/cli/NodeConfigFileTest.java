package io.libonomy.p2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.config.P2PConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code p2p node --config FILE}: defaults, then the file, then the options given. */
class NodeConfigFileTest {

  @TempDir Path dir;

  private Path file(String toml) throws Exception {
    Path file = dir.resolve("config.toml");
    Files.writeString(file, toml);
    return file;
  }

  private Cli.Running node(Path config, String... extra) {
    String[] base = {"node", "--config", config.toString(), "--data-dir",
        dir.resolve("data").toString()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return Cli.start(args);
  }

  @Test
  void theFilesValuesConfigureTheNode() throws Exception {
    Path config = file("""
        [p2p]
        bind-address = "127.0.0.1"
        tcp-port = 0
        network-id = 7
        """);
    try (Cli.Running node = node(config, "--echo", "chat/1")) {
      String url = node.awaitUrl();

      Cli.Result sameNetwork = Cli.run("send", url, "chat/1", "hi", "--network-id", "7");
      Cli.Result otherNetwork = Cli.run("send", url, "chat/1", "hi", "--timeout", "3s");

      assertThat(url).contains("@127.0.0.1:");
      assertThat(sameNetwork.out()).as("stderr: %s", sameNetwork.err()).containsExactly("hi");
      assertThat(otherNetwork.exitCode()).isEqualTo(1);
      assertThat(node.stop()).isZero();
    }
  }

  @Test
  void optionsOnTheCommandLineOverrideTheFile() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Path config = file("""
          [p2p]
          bind-address = "127.0.0.1"
          tcp-port = %d
          """.formatted(taken.getLocalPort()));
      try (Cli.Running node = node(config, "--tcp-port", "0")) {
        String url = node.awaitUrl();

        assertThat(url).doesNotEndWith(":" + taken.getLocalPort() + "?disc="
            + taken.getLocalPort());
        assertThat(node.stop()).isZero();
      }
    }
  }

  @Test
  void anUnknownKeyIsAUsageErrorNamingTheFileAndTheKey() throws Exception {
    Path config = file("""
        [p2p]
        tcp-prot = 0
        """);

    Cli.Result result = Cli.run("node", "--config", config.toString(), "--data-dir",
        dir.resolve("data").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).containsExactly("error: " + config
        + ": unknown key p2p.tcp-prot (did you mean p2p.tcp-port?)");
  }

  @Test
  void aMissingFileIsAUsageErrorNamingIt() {
    Path missing = dir.resolve("missing.toml");

    Cli.Result result = Cli.run("node", "--config", missing.toString(), "--data-dir",
        dir.resolve("data").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).containsExactly("error: config file " + missing + " does not exist");
  }

  @Test
  void theHelpStatesTheLibrarysDefaults() {
    P2PConfig defaults = P2PConfig.defaults();

    Cli.Result help = Cli.run("node", "--help");

    // picocli wraps long descriptions: read the help as one line
    String text = String.join(" ", help.out()).replaceAll("\\s+", " ");
    assertThat(text)
        .contains("(default: " + defaults.tcpPort() + ")")
        .contains("(default: " + defaults.networkId() + ")")
        .contains("(default: " + defaults.bindAddress() + ")")
        .contains("(default: " + defaults.swarm().randomConnections() + ")")
        .contains("--config");
  }
}
