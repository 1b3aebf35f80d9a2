package io.libonomy.p2p.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.api.InvalidConfigException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What each key of a config file takes, and the message for what it does not. */
class ConfigFileValuesTest {

  private static final String BOOTNODE =
      "libonomy://2RvLdKq5NgCYkPfFyzUGSFwSyyVPuJnoe7s3V8MQEaWN@127.0.0.1:7514?disc=7514";
  private static final String KEY = "C3ugoB29YRkdDwg46uwhQfcuxztE6VgMcfXViX1hZfeF";

  /**
   * One key: the record component it sets (of P2PConfig, or of SwarmConfig for swarm keys), a
   * TOML value and the value the component then has, which differs from the default.
   */
  record Row(String key, String component, String toml, Object expected) {
    @Override
    public String toString() {
      return key + " = " + toml;
    }
  }

  static List<Row> everyKey() {
    return List.of(
        new Row("bind-address", "bindAddress", "\"::1\"", "::1"),
        new Row("tcp-port", "tcpPort", "0", 0),
        new Row("acquire-port", "acquirePort", "false", false),
        new Row("node-id", "nodeId", "\"" + KEY + "\"", KEY),
        new Row("network-id", "networkId", "0", 0),
        new Row("dial-timeout", "dialTimeout", "\"30s\"", Duration.ofSeconds(30)),
        new Row("response-timeout", "responseTimeout", "\"2s\"", Duration.ofSeconds(2)),
        new Row("session-timeout", "sessionTimeout", "\"1m30s\"", Duration.ofSeconds(90)),
        new Row("max-pending-connections", "maxPendingHandshakes", "50", 50),
        new Row("outbound-target", "outboundPeersTarget", "20", 20),
        new Row("max-inbound", "maxInboundPeers", "0", 0),
        new Row("buffer-size", "bufferSize", "100", 100),
        new Row("max-frame-size", "maxFrameSize", "1_048_576", 1_048_576),
        new Row("max-datagram-size", "maxDatagramSize", "0x200", 512),
        new Row("max-clock-drift", "maxClockDrift", "\"2.5s\"", Duration.ofMillis(2500)),
        new Row("send-timeout", "sendTimeout", "\"500ms\"", Duration.ofMillis(500)),
        new Row("overflow-policy", "overflowPolicy", "\"drop-oldest\"",
            OverflowPolicy.DROP_OLDEST),
        new Row("max-connections-per-ip", "maxConnectionsPerIp", "1", 1),
        new Row("handshake-rate-per-source", "handshakeRatePerSource",
            "{ per-second = 5, burst = 10 }", RateLimit.of(5, 10)),
        new Row("udp-rate-per-source", "udpRatePerSource", "7", RateLimit.of(7, 7)),
        new Row("min-client-version", "minClientVersion", "\"1.2.3\"", "1.2.3"),
        new Row("validation-timeout", "validationTimeout", "\"1h\"", Duration.ofHours(1)),
        new Row("max-invalid-per-minute", "maxInvalidPerMinute", "0", 0),
        new Row("write-buffer-high-water-mark", "writeBufferHighWaterMark", "65536", 65_536),
        new Row("swarm.gossip", "gossip", "false", false),
        new Row("swarm.bootstrap", "bootstrap", "true", true),
        new Row("swarm.randcon", "randomConnections", "0", 0),
        new Row("swarm.bootnodes", "bootnodes", "[\"" + BOOTNODE + "\"]", List.of(BOOTNODE)),
        new Row("swarm.peers-file", "peersFile", "\"book.json\"", "book.json"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyKey")
  void everyKeyOverridesItsDefault(Row row) throws ReflectiveOperationException {
    P2PConfig config = ConfigFile.parse("[p2p]\n" + row.key() + " = " + row.toml() + "\n");

    boolean swarmKey = row.key().startsWith("swarm.");
    Record target = swarmKey ? config.swarm() : config;
    Record defaults = swarmKey ? SwarmConfig.defaults() : P2PConfig.defaults();
    assertThat(value(defaults, row.component())).isNotEqualTo(row.expected());
    assertThat(value(target, row.component())).isEqualTo(row.expected());
    Record reverted = withValueOf(target, defaults, row.component());
    assertThat(swarmKey ? config.withSwarm((SwarmConfig) reverted) : reverted)
        .as("nothing else changed")
        .isEqualTo(P2PConfig.defaults());
  }

  @Test
  void theTableCoversEveryComponent() {
    Set<String> components =
        Stream.concat(
                Stream.of(P2PConfig.class.getRecordComponents()),
                Stream.of(SwarmConfig.class.getRecordComponents()))
            .map(RecordComponent::getName)
            .filter(name -> !name.equals("swarm"))
            .collect(Collectors.toSet());

    assertThat(everyKey())
        .extracting(Row::component)
        .containsExactlyInAnyOrderElementsOf(components);
  }

  private static Object value(Record record, String component)
      throws ReflectiveOperationException {
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      if (c.getName().equals(component)) {
        return c.getAccessor().invoke(record);
      }
    }
    throw new AssertionError("no component " + component);
  }

  /** A copy of {@code target} with {@code component} taken from {@code source}. */
  private static Record withValueOf(Record target, Record source, String component)
      throws ReflectiveOperationException {
    RecordComponent[] components = target.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      Record from = components[i].getName().equals(component) ? source : target;
      values[i] = components[i].getAccessor().invoke(from);
      types[i] = components[i].getType();
    }
    return target.getClass().getDeclaredConstructor(types).newInstance(values);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      tcp-port                  | "abc"          | p2p.tcp-port must be an integer, got "abc"
      tcp-port                  | 1.5            | p2p.tcp-port must be an integer, got 1.5
      tcp-port                  | true           | p2p.tcp-port must be an integer, got true
      tcp-port                  | [1]            | p2p.tcp-port must be an integer, got an array
      tcp-port                  | 99999999999    | p2p.tcp-port must be an integer from -2147483648 to 2147483647, got 99999999999
      network-id                | 2147483648     | p2p.network-id must be an integer from -2147483648 to 2147483647, got 2147483648
      max-inbound               | -99999999999999999999 | p2p.max-inbound must be an integer from -2147483648 to 2147483647, got -99999999999999999999
      acquire-port              | "true"         | p2p.acquire-port must be true or false, got "true"
      acquire-port              | 1              | p2p.acquire-port must be true or false, got 1
      bind-address              | 127            | p2p.bind-address must be a string, got 127
      node-id                   | { a = 1 }      | p2p.node-id must be a string, got a table
      session-timeout           | 15             | p2p.session-timeout must be a duration string such as "15s", got 15
      session-timeout           | "15 sec"       | p2p.session-timeout: invalid duration "15 sec" (use e.g. 15s, 500ms, 1m30s)
      dial-timeout              | "PT15S"        | p2p.dial-timeout: invalid duration "PT15S" (use e.g. 15s, 500ms, 1m30s)
      send-timeout              | "3000000h"     | p2p.send-timeout: invalid duration "3000000h" (out of range, at most 2562047h47m16.854775807s)
      overflow-policy           | "drop"         | p2p.overflow-policy must be one of backpressure, drop-oldest, drop-newest, got "drop"
      overflow-policy           | 1              | p2p.overflow-policy must be a string, got 1
      udp-rate-per-source       | "fast"         | p2p.udp-rate-per-source must be an integer or a table { per-second = N, burst = N }, got "fast"
      swarm                     | 1              | p2p.swarm must be a table, got 1
      swarm.bootnodes           | "x"            | p2p.swarm.bootnodes must be an array of strings, got "x"
      swarm.bootnodes           | ["a", 5]       | p2p.swarm.bootnodes[1] must be a string, got 5
      swarm.randcon             | "2"            | p2p.swarm.randcon must be an integer, got "2"
      swarm.gossip              | "yes"          | p2p.swarm.gossip must be true or false, got "yes"
      peers-file                | "x"            | unknown key p2p.peers-file (did you mean p2p.swarm.peers-file?)
      """)
  void namesTheKeyAndWhatItTakesForAValueOfTheWrongType(String key, String toml, String message) {
    assertThatThrownBy(() -> ConfigFile.parse("[p2p]\n" + key + " = " + toml + "\n"))
        .isExactlyInstanceOf(InvalidConfigException.class)
        .hasMessage(message);
  }

  @Test
  void aP2pValueThatIsNotATableIsAnError() {
    assertThatThrownBy(() -> ConfigFile.parse("p2p = \"on\"\n"))
        .hasMessage("p2p must be a table, got \"on\"");
  }

  @Test
  void quotesAStringValueReadably() {
    assertThatThrownBy(() -> ConfigFile.parse("[p2p]\ntcp-port = \"a\\\"b\\\\c\\td\"\n"))
        .hasMessage("p2p.tcp-port must be an integer, got \"a\\\"b\\\\c\\u0009d\"");
    assertThatThrownBy(() -> ConfigFile.parse("[p2p]\ntcp-port = \"" + "x".repeat(500) + "\"\n"))
        .hasMessage("p2p.tcp-port must be an integer, got \"" + "x".repeat(80) + "...\"");
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      tcp-port                | 70000          | p2p.tcp-port must be 0..65535, got 70000
      bind-address            | "localhost"    | p2p.bind-address must be an IP address literal, got 'localhost'
      node-id                 | "abc"          | p2p.node-id must be empty or a base58 public key: invalid key size
      session-timeout         | "0s"           | p2p.session-timeout must be positive, got PT0S
      dial-timeout            | "-1s"          | p2p.dial-timeout must be positive, got PT-1S
      max-frame-size          | 10             | p2p.max-frame-size must be 1024..2147483643, got 10
      min-client-version      | "1.0"          | p2p.min-client-version: invalid client version '1.0'
      swarm.randcon           | -1             | p2p.swarm.randcon must be >= 0, got -1
      swarm.bootnodes         | ["nope"]       | p2p.swarm.bootnodes[0]: invalid node URL
      """)
  void letsTheRecordsNameTheKeyOfAnInvalidValue(String key, String toml, String message) {
    assertThatThrownBy(() -> ConfigFile.parse("[p2p]\n" + key + " = " + toml + "\n"))
        .isExactlyInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      12                                | 12 | 12
      { per-second = 5, burst = 9 }     | 5  | 9
      { burst = 9, per-second = 5 }     | 5  | 9
      { per-second = 1, burst = 1 }     | 1  | 1
      """)
  void readsARateLimitAsAnIntegerOrATable(String toml, int perSecond, int burst) {
    P2PConfig config = ConfigFile.parse("[p2p]\nhandshake-rate-per-source = " + toml + "\n");

    assertThat(config.handshakeRatePerSource()).isEqualTo(RateLimit.of(perSecond, burst));
  }

  @Test
  void readsARateLimitFromAStandardTable() {
    P2PConfig config =
        ConfigFile.parse("[p2p.udp-rate-per-source]\nper-second = 300\nburst = 600\n");

    assertThat(config.udpRatePerSource()).isEqualTo(RateLimit.of(300, 600));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      0                                 | p2p.udp-rate-per-source must be >= 1, got 0
      { per-second = 5 }                | p2p.udp-rate-per-source.burst must be set
      { burst = 5 }                     | p2p.udp-rate-per-source.per-second must be set
      { per-second = 0, burst = 5 }     | p2p.udp-rate-per-source.per-second must be >= 1, got 0
      { per-second = 5, burst = -1 }    | p2p.udp-rate-per-source.burst must be >= 1, got -1
      { per-second = "5", burst = 5 }   | p2p.udp-rate-per-source.per-second must be an integer, got "5"
      { per-second = 5, burst = 5.5 }   | p2p.udp-rate-per-source.burst must be an integer, got 5.5
      { per-secnd = 5, burst = 5 }      | unknown key p2p.udp-rate-per-source.per-secnd (did you mean p2p.udp-rate-per-source.per-second?)
      { per-second = 5, burst = 5, x = 1 } | unknown key p2p.udp-rate-per-source.x
      """)
  void rejectsAnIncompleteOrInvalidRateLimitNamingTheKey(String toml, String message) {
    assertThatThrownBy(() -> ConfigFile.parse("[p2p]\nudp-rate-per-source = " + toml + "\n"))
        .isExactlyInstanceOf(InvalidConfigException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"backpressure,BACKPRESSURE", "BACKPRESSURE,BACKPRESSURE", "drop-oldest,DROP_OLDEST",
      "DROP_OLDEST,DROP_OLDEST", "Drop-Newest,DROP_NEWEST", "drop_newest,DROP_NEWEST"})
  void readsTheOverflowPolicyInAnyCaseWithDashOrUnderscore(String text, OverflowPolicy policy) {
    P2PConfig config = ConfigFile.parse("[p2p]\noverflow-policy = \"" + text + "\"\n");

    assertThat(config.overflowPolicy()).isEqualTo(policy);
  }

  @Test
  void laterKeysApplyToTheResultOfEarlierOnes() {
    P2PConfig config = ConfigFile.apply(P2PConfig.defaults().withBootnodes(List.of(BOOTNODE)),
        "[p2p.swarm]\nrandcon = 1\n");

    assertThat(config.swarm())
        .isEqualTo(
            SwarmConfig.defaults().withBootnodes(List.of(BOOTNODE)).withRandomConnections(1));
  }
}
