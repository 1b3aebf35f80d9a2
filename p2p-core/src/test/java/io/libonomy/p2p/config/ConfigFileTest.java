package io.libonomy.p2p.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.libonomy.p2p.api.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/** Files, the seed's layout, unknown and ignored keys; values are in ConfigFileValuesTest. */
class ConfigFileTest {

  private static final String BOOTNODE =
      "libonomy://2RvLdKq5NgCYkPfFyzUGSFwSyyVPuJnoe7s3V8MQEaWN@127.0.0.1:7514?disc=7514";

  @TempDir Path dir;

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(ConfigFile.class);

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logs);
  }

  private List<String> warnings() {
    return logs.list.stream()
        .filter(event -> event.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  private Path seedConfig() throws IOException {
    Path file = dir.resolve("config.toml");
    try (InputStream in = getClass().getResourceAsStream("seed-config.toml")) {
      Files.copy(Objects.requireNonNull(in, "seed-config.toml"), file);
    }
    return file;
  }

  @Test
  void loadsTheSeedsConfigFileAndWarnsOnceForEachUnusedSeedKey() throws IOException {
    P2PConfig config = ConfigFile.load(seedConfig());

    assertThat(config)
        .isEqualTo(P2PConfig.defaults()
            .withTcpPort(7600)
            .withAcquirePort(false)
            .withResponseTimeout(Duration.ofSeconds(2))
            .withSessionTimeout(Duration.ofSeconds(2))
            .withMaxPendingHandshakes(50)
            .withBufferSize(100)
            .withSwarm(SwarmConfig.defaults()
                .withBootstrap(true)
                .withRandomConnections(2)
                .withBootnodes(List.of(BOOTNODE))));
    assertThat(warnings()).containsExactly(
        "ignored: time.max-allowed-drift is not used by this library",
        "ignored: time.ntp-queries is not used by this library",
        "ignored: time.default-timeout-latency is not used by this library",
        "ignored: time.refresh-ntp-interval is not used by this library",
        "ignored: p2p.conn-keepalive is not used by this library",
        "ignored: p2p.msg-size-limit is not used by this library",
        "ignored: p2p.swarm.bucketsize is not used by this library",
        "ignored: p2p.swarm.alpha is not used by this library");
  }

  @Test
  void keepsTheBaseForEveryKeyTheFileLeavesOut() {
    P2PConfig base = P2PConfig.defaults()
        .withTcpPort(9000)
        .withSendTimeout(Duration.ofSeconds(3))
        .withSwarm(SwarmConfig.defaults().withRandomConnections(7).withPeersFile("book.json"));

    P2PConfig config = ConfigFile.apply(base, """
        [p2p]
        max-inbound = 5
        [p2p.swarm]
        gossip = false
        """);

    assertThat(config).isEqualTo(base
        .withMaxInboundPeers(5)
        .withSwarm(base.swarm().withGossip(false)));
  }

  @Test
  void givesTheBaseBackForAFileWithoutP2pKeys() {
    P2PConfig base = P2PConfig.defaults().withTcpPort(9000);

    assertThat(ConfigFile.apply(base, "")).isEqualTo(base);
    assertThat(ConfigFile.apply(base, "[p2p]\n[p2p.swarm]\n")).isEqualTo(base);
    assertThat(ConfigFile.apply(base, "tcp-port = 1\n[api]\ntcp-port = \"x\"\n")).isEqualTo(base);
    assertThat(warnings()).isEmpty();
  }

  @Test
  void acceptsSwarmKeysAsDottedKeysOfP2p() {
    P2PConfig config = ConfigFile.parse("[p2p]\nswarm.randcon = 3\nswarm.alpha = 3\n");

    assertThat(config.swarm().randomConnections()).isEqualTo(3);
    assertThat(warnings()).containsExactly("ignored: p2p.swarm.alpha is not used by this library");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      [p2p]\\ntcp-prot = 1          | unknown key p2p.tcp-prot (did you mean p2p.tcp-port?)
      [p2p]\\nmax-inbond = 1        | unknown key p2p.max-inbond (did you mean p2p.max-inbound?)
      [p2p]\\nsessiontimeout = '1s' | unknown key p2p.sessiontimeout (did you mean p2p.session-timeout?)
      [p2p]\\nflavour = 1           | unknown key p2p.flavour
      [p2p.swarm]\\nrandcom = 1     | unknown key p2p.swarm.randcom (did you mean p2p.swarm.randcon?)
      [p2p.swarm]\\nflavour = 1     | unknown key p2p.swarm.flavour
      [p2p.extra]\\nx = 1           | unknown key p2p.extra
      [p2p]\\ngossip = true         | unknown key p2p.gossip (did you mean p2p.swarm.gossip?)
      [p2p.swarm]\\ntcp-port = 1    | unknown key p2p.swarm.tcp-port (did you mean p2p.tcp-port?)
      [p2p]\\ntarget-outbound = 10  | unknown key p2p.target-outbound (did you mean p2p.outbound-target? the seed's sample config misnamed it)
      """)
  void rejectsAnUnknownKeySuggestingTheNearestKnownOne(String toml, String message) {
    assertThatThrownBy(() -> ConfigFile.parse(toml.replace("\\n", "\n")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(message);
  }

  @Test
  void reportsTheFirstBadKeyInFileOrder() {
    assertThatThrownBy(() -> ConfigFile.parse("[p2p]\nmax-inbound = -1\ntcp-prot = 1\n"))
        .hasMessage("p2p.max-inbound must be >= 0, got -1");
  }

  @Test
  void warnsAboutAnyTimeKeyAndATimeValue() {
    ConfigFile.parse("time = 5\n");
    ConfigFile.parse("[time]\nntp-queries = 5\nsomething-else = true\n");

    assertThat(warnings()).containsExactly(
        "ignored: time is not used by this library",
        "ignored: time.ntp-queries is not used by this library",
        "ignored: time.something-else is not used by this library");
  }

  @Test
  void rejectsMalformedTomlWithTheLineAndColumn() {
    assertThatThrownBy(() -> ConfigFile.parse("[p2p]\ntcp-port = 12 x\n"))
        .isExactlyInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("invalid TOML at line 2, column ")
        .hasNoCause();
    assertThatThrownBy(() -> ConfigFile.parse("[p2p]\ntcp-port = 1\ntcp-port = 2\n"))
        .hasMessage("invalid TOML at line 4, column 1: Duplicate key");
  }

  @Test
  void namesTheFileOfMalformedToml() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.toml"), "[p2p\n");

    assertThatThrownBy(() -> ConfigFile.load(file))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("invalid TOML in " + file + " at line 1, column ");
  }

  @Test
  void keepsTheParsersMessageShortForAHugeToken() {
    String toml = "a = 1" + "1".repeat(5000);

    assertThatThrownBy(() -> ConfigFile.parse(toml))
        .isInstanceOf(InvalidConfigException.class)
        .message()
        .startsWith("invalid TOML at line 1, column 5: ")
        .hasSizeLessThan(300);
  }

  @Test
  void rejectsTooDeepNesting() {
    assertThatThrownBy(() -> ConfigFile.parse("a = " + "[".repeat(100_000)))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("invalid TOML: Document nesting depth");
  }

  @Test
  void namesAMissingFile() {
    Path file = dir.resolve("absent.toml");

    assertThatThrownBy(() -> ConfigFile.load(file))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("config file " + file + " does not exist");
  }

  @Test
  void namesAFileThatCannotBeRead() {
    assertThatThrownBy(() -> ConfigFile.load(dir))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("cannot read config file " + dir + ": ");
  }

  @Test
  void refusesAFileLargerThanOneMebibyteWithoutReadingItWhole() throws IOException {
    Path file = dir.resolve("huge.toml");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, StandardOpenOption.SPARSE)) {
      // a sparse 4 GiB file: reading it whole would need more heap than the test JVM has
      channel.write(ByteBuffer.wrap(new byte[] {'\n'}), 4L << 30);
    }

    assertThatThrownBy(() -> ConfigFile.load(file))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("config file " + file + " is larger than 1048576 bytes");
  }

  @Test
  void loadsAFileOfExactlyTheLimit() throws IOException {
    String header = "[p2p]\ntcp-port = 7600\n";
    String padding = "#".repeat(ConfigFile.MAX_FILE_SIZE - header.length() - 1) + "\n";
    Path file = Files.writeString(dir.resolve("full.toml"), header + padding);

    assertThat(Files.size(file)).isEqualTo(ConfigFile.MAX_FILE_SIZE);
    assertThat(ConfigFile.load(file).tcpPort()).isEqualTo(7600);
  }

  @Test
  void rejectsAFileThatIsNotUtf8() throws IOException {
    Path file = Files.write(dir.resolve("latin1.toml"),
        "[p2p]\nnode-id = \"caf\u00e9\"\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> ConfigFile.load(file))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("config file " + file + " is not UTF-8 text");
  }
}
