package io.libonomy.p2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.identity.NodeInfo;
import io.libonomy.p2p.server.Endpoint;
import io.libonomy.p2p.server.MessageServer;
import io.libonomy.p2p.swarm.Switch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code p2p node} and {@code p2p send} against each other, on loopback, in this JVM. */
class NodeAndSendTest {

  @TempDir Path dataDir;

  private Cli.Running node(String... extra) {
    String[] base = {"node", "--tcp-port", "0", "--bind", "127.0.0.1", "--data-dir",
        dataDir.toString()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return Cli.start(args);
  }

  @Test
  void sendPrintsWhatAnEchoingNodeSendsBack() throws Exception {
    try (Cli.Running node = node("--echo", "chat/1")) {
      String url = node.awaitUrl();

      Cli.Result sent = Cli.run("send", url, "chat/1", "hello");

      assertThat(sent.exitCode()).as("stderr: %s", sent.err()).isZero();
      assertThat(sent.out()).containsExactly("hello");
      assertThat(sent.err()).isEmpty();
      assertThat(node.stop()).isZero();
      assertThat(node.out.lines()).containsExactly("listening " + url);
      assertThat(node.err.lines()).isEmpty();
    }
  }

  @Test
  void echoesOnEveryEchoProtocolAndKeepsUtf8Text() throws Exception {
    try (Cli.Running node = node("--echo", "chat/1", "--echo", "ping/2")) {
      String url = node.awaitUrl();

      Cli.Result chat = Cli.run("send", url, "chat/1", "grüße, 世界");
      Cli.Result ping = Cli.run("send", url, "ping/2", "ping");

      assertThat(chat.out()).containsExactly("grüße, 世界");
      assertThat(ping.out()).containsExactly("ping");
      assertThat(node.stop()).isZero();
    }
  }

  @Test
  void nodeListensOnLoopbackAndKeepsItsIdentityAcrossRuns() throws Exception {
    String first;
    try (Cli.Running node = node()) {
      first = node.awaitUrl();
      assertThat(node.stop()).isZero();
    }
    try (Cli.Running node = node()) {
      String second = node.awaitUrl();

      assertThat(first).matches("libonomy://\\w+@127\\.0\\.0\\.1:\\d+\\?disc=\\d+");
      assertThat(keyOf(second)).isEqualTo(keyOf(first));
    }
  }

  @Test
  void sendRejectsAMalformedUrlOnOneLine() {
    Cli.Result sent = Cli.run("send", "http://example.org", "chat/1", "hello");

    assertThat(sent.exitCode()).isEqualTo(2);
    assertThat(sent.out()).isEmpty();
    assertThat(sent.err()).singleElement().asString()
        .startsWith("error: invalid node URL 'http://example.org'");
  }

  @Test
  void sendFailsOnOneLineWhenNothingListens() throws IOException {
    int port = freePort();
    String url = "libonomy://" + KeyPair.generate().publicKey() + "@127.0.0.1:" + port;

    Cli.Result sent = Cli.run("send", url, "chat/1", "hello");

    assertThat(sent.exitCode()).isEqualTo(1);
    assertThat(sent.out()).isEmpty();
    assertThat(sent.err()).containsExactly(
        "error: cannot connect to 127.0.0.1:" + port + ": connection refused");
  }

  @Test
  void sendFailsOnOneLineWhenTheNodeRefusesTheSession() throws Exception {
    try (Cli.Running node = node("--echo", "chat/1", "--network-id", "7")) {
      String url = node.awaitUrl();

      Cli.Result sent = Cli.run("send", url, "chat/1", "hello", "--network-id", "1");

      assertThat(sent.exitCode()).isEqualTo(1);
      assertThat(sent.out()).isEmpty();
      assertThat(sent.err()).singleElement().asString()
          .startsWith("error: 127.0.0.1:")
          .contains("refused the session")
          .endsWith("(check --network-id and the key in the URL)");
    }
  }

  @Test
  void sendFailsOnOneLineWhenThePeerNeverCompletesTheHandshake() throws IOException {
    // The kernel accepts the connection into the backlog; nobody ever answers frame 1.
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String url = "libonomy://" + KeyPair.generate().publicKey() + "@127.0.0.1:"
          + silent.getLocalPort();

      Cli.Result sent = Cli.run("send", url, "chat/1", "hello", "--timeout", "300ms");

      assertThat(sent.exitCode()).isEqualTo(1);
      assertThat(sent.out()).isEmpty();
      assertThat(sent.err()).containsExactly("error: could not connect to 127.0.0.1:"
          + silent.getLocalPort() + " within 300ms");
    }
  }

  @Test
  void sendCanUseAStoredIdentity(@TempDir Path senderDir) throws Exception {
    try (Cli.Running node = node("--echo", "chat/1")) {
      String url = node.awaitUrl();

      Cli.Result sent = Cli.run("send", url, "chat/1", "hi", "--data-dir", senderDir.toString());

      assertThat(sent.exitCode()).as("stderr: %s", sent.err()).isZero();
      assertThat(sent.out()).containsExactly("hi");
      assertThat(senderDir.resolve("p2p/nodes")).isNotEmptyDirectory();
    }
  }

  @Test
  void sendFailsOnOneLineWhenNoEchoComesInTime() throws Exception {
    try (Cli.Running node = node()) {
      String url = node.awaitUrl();

      // the timeout covers the dial too: long enough for a handshake on a loaded machine
      Cli.Result sent = Cli.run("send", url, "chat/1", "hello", "--timeout", "3s");

      assertThat(sent.exitCode()).isEqualTo(1);
      assertThat(sent.out()).isEmpty();
      assertThat(sent.err()).containsExactly("error: no echo within 3s");
    }
  }

  @Test
  void nodeFailsOnOneLineWhenItsPortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Cli.Running node = Cli.start("node", "--bind", "127.0.0.1",
            "--tcp-port", String.valueOf(taken.getLocalPort()),
            "--data-dir", dataDir.toString())) {

      assertThat(node.exitCode()).isEqualTo(1);
      assertThat(node.out.lines()).isEmpty();
      assertThat(node.err.lines()).singleElement().asString().startsWith("error: ");
    }
  }

  @Test
  void nodeRejectsAnAddressThatIsNotAnIpOnOneLine() throws Exception {
    Cli.Result result = Cli.run("node", "--bind", "localhost", "--data-dir", dataDir.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).singleElement().asString()
        .startsWith("error: ")
        .contains("bind-address");
  }

  private static String keyOf(String url) {
    return url.substring("libonomy://".length(), url.indexOf('@'));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void anEchoProtocolAlsoAnswersRequestsOfAnyTypeOverTcpAndUdp() throws Exception {
    try (Cli.Running node = node("--echo", "sync/1")) {
      NodeInfo target = NodeInfo.parseUrl(node.awaitUrl());
      Switch client = Switch.create(P2PConfig.defaults().withBindAddress("127.0.0.1")
          .withTcpPort(0).withAcquirePort(false), KeyPair.generate(), new SimpleMeterRegistry());
      try {
        client.start().block(Duration.ofSeconds(10));
        MessageServer udp = MessageServer.on(client.udp(), "sync/1", Duration.ofSeconds(5),
            new SimpleMeterRegistry());
        MessageServer tcp = MessageServer.on(client, "sync/1", Duration.ofSeconds(5),
            new SimpleMeterRegistry());

        byte[] overUdp = udp.request(Endpoint.of(target.id(), target.udpAddress()), 7,
            "u".getBytes(StandardCharsets.UTF_8)).block(Duration.ofSeconds(10));
        client.connect(target).block(Duration.ofSeconds(10));
        byte[] overTcp = tcp.request(Endpoint.of(target.id()), 42,
            "t".getBytes(StandardCharsets.UTF_8)).block(Duration.ofSeconds(10));

        assertThat(new String(overUdp, StandardCharsets.UTF_8)).isEqualTo("u");
        assertThat(new String(overTcp, StandardCharsets.UTF_8)).isEqualTo("t");
      } finally {
        client.shutdown().block(Duration.ofSeconds(10));
      }
      assertThat(node.stop()).isZero();
    }
  }

  @Test
  void sendRequestPrintsTheResponseOverTcpAndOverUdp() throws Exception {
    try (Cli.Running node = node("--echo", "sync/1")) {
      String url = node.awaitUrl();

      Cli.Result tcp = Cli.run("send", url, "sync/1", "over tcp", "--request", "--msg-type", "7");
      Cli.Result udp = Cli.run("send", url, "sync/1", "over udp", "--request", "--udp");

      assertThat(tcp.exitCode()).as("stderr: %s", tcp.err()).isZero();
      assertThat(tcp.out()).containsExactly("over tcp");
      assertThat(udp.exitCode()).as("stderr: %s", udp.err()).isZero();
      assertThat(udp.out()).containsExactly("over udp");
      assertThat(node.stop()).isZero();
    }
  }

  @Test
  void sendRejectsUdpWithoutRequestOnOneLine() throws Exception {
    try (Cli.Running node = node("--echo", "sync/1")) {
      Cli.Result sent = Cli.run("send", node.awaitUrl(), "sync/1", "x", "--udp");

      assertThat(sent.exitCode()).isEqualTo(2);
      assertThat(sent.err()).containsExactly("error: --udp needs --request");
      assertThat(node.stop()).isZero();
    }
  }
}
