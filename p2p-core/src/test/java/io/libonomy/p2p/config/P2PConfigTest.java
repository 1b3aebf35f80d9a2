package io.libonomy.p2p.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.api.InvalidConfigException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class P2PConfigTest {

  private static final String BOOTNODE =
      "libonomy://2RvLdKq5NgCYkPfFyzUGSFwSyyVPuJnoe7s3V8MQEaWN@127.0.0.1:7514?disc=7514";
  private static final String KEY = "C3ugoB29YRkdDwg46uwhQfcuxztE6VgMcfXViX1hZfeF";

  @Test
  void defaultsMatchTheDocumentedValues() {
    P2PConfig config = P2PConfig.defaults();

    assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(config.tcpPort()).isEqualTo(7513);
    assertThat(config.acquirePort()).isTrue();
    assertThat(config.nodeId()).isEmpty();
    assertThat(config.networkId()).isEqualTo(1);
    assertThat(config.dialTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.responseTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.sessionTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.maxPendingHandshakes()).isEqualTo(100);
    assertThat(config.outboundPeersTarget()).isEqualTo(10);
    assertThat(config.maxInboundPeers()).isEqualTo(100);
    assertThat(config.bufferSize()).isEqualTo(10_000);
    assertThat(config.maxFrameSize()).isEqualTo(8_388_608);
    assertThat(config.maxDatagramSize()).isEqualTo(1280);
    assertThat(config.maxClockDrift()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.sendTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.overflowPolicy()).isEqualTo(OverflowPolicy.BACKPRESSURE);
    assertThat(config.maxConnectionsPerIp()).isEqualTo(32);
    assertThat(config.handshakeRatePerSource()).isEqualTo(RateLimit.of(50, 50));
    assertThat(config.udpRatePerSource()).isEqualTo(RateLimit.of(200, 200));
    assertThat(config.minClientVersion()).isEqualTo("0.1.0");
    assertThat(config.validationTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.maxInvalidPerMinute()).isEqualTo(10);
    assertThat(config.writeBufferHighWaterMark()).isEqualTo(1_048_576);
    assertThat(config.swarm()).isEqualTo(SwarmConfig.defaults());
  }

  static Stream<Arguments> invalidValues() {
    return Stream.of(
        invalid("bind address host name", c -> c.withBindAddress("localhost"),
            "p2p.bind-address must be an IP address literal, got 'localhost'"),
        invalid("bind address in brackets", c -> c.withBindAddress("[::]"),
            "p2p.bind-address must be an IP address literal"),
        invalid("bind address with zone", c -> c.withBindAddress("fe80::1%eth0"),
            "p2p.bind-address must be an IP address literal"),
        invalid("bind address null", c -> c.withBindAddress(null), "p2p.bind-address must be set"),
        invalid("tcp port too big", c -> c.withTcpPort(70_000),
            "p2p.tcp-port must be 0..65535, got 70000"),
        invalid("tcp port negative", c -> c.withTcpPort(-1),
            "p2p.tcp-port must be 0..65535, got -1"),
        invalid("node id not base58", c -> c.withNodeId("not-base58!"),
            "p2p.node-id must be empty or a base58 public key: unable to decode key"),
        invalid("node id short", c -> c.withNodeId("abc"),
            "p2p.node-id must be empty or a base58 public key: invalid key size"),
        invalid("network id negative", c -> c.withNetworkId(-1),
            "p2p.network-id must be 0..2147483647, got -1"),
        invalid("dial timeout zero", c -> c.withDialTimeout(Duration.ZERO),
            "p2p.dial-timeout must be positive, got PT0S"),
        invalid("dial timeout null", c -> c.withDialTimeout(null), "p2p.dial-timeout must be set"),
        invalid("response timeout negative", c -> c.withResponseTimeout(Duration.ofSeconds(-1)),
            "p2p.response-timeout must be positive, got PT-1S"),
        invalid("session timeout zero", c -> c.withSessionTimeout(Duration.ZERO),
            "p2p.session-timeout must be positive, got PT0S"),
        invalid("pending handshakes zero", c -> c.withMaxPendingHandshakes(0),
            "p2p.max-pending-connections must be >= 1, got 0"),
        invalid("outbound target negative", c -> c.withOutboundPeersTarget(-1),
            "p2p.outbound-target must be >= 0, got -1"),
        invalid("max inbound negative", c -> c.withMaxInboundPeers(-1),
            "p2p.max-inbound must be >= 0, got -1"),
        invalid("buffer size zero", c -> c.withBufferSize(0),
            "p2p.buffer-size must be >= 1, got 0"),
        invalid("frame size too small", c -> c.withMaxFrameSize(1023),
            "p2p.max-frame-size must be 1024..2147483643, got 1023"),
        invalid("frame size too big", c -> c.withMaxFrameSize(Integer.MAX_VALUE),
            "p2p.max-frame-size must be 1024..2147483643, got 2147483647"),
        invalid("datagram too small", c -> c.withMaxDatagramSize(255),
            "p2p.max-datagram-size must be 256..65507, got 255"),
        invalid("datagram too big", c -> c.withMaxDatagramSize(65_508),
            "p2p.max-datagram-size must be 256..65507, got 65508"),
        invalid("clock drift zero", c -> c.withMaxClockDrift(Duration.ZERO),
            "p2p.max-clock-drift must be positive, got PT0S"),
        invalid("send timeout negative", c -> c.withSendTimeout(Duration.ofMillis(-1)),
            "p2p.send-timeout must be positive, got PT-0.001S"),
        invalid("overflow policy null", c -> c.withOverflowPolicy(null),
            "p2p.overflow-policy must be set"),
        invalid("connections per ip zero", c -> c.withMaxConnectionsPerIp(0),
            "p2p.max-connections-per-ip must be >= 1, got 0"),
        invalid("handshake rate null", c -> c.withHandshakeRatePerSource(null),
            "p2p.handshake-rate-per-source must be set"),
        invalid("udp rate null", c -> c.withUdpRatePerSource(null),
            "p2p.udp-rate-per-source must be set"),
        invalid("min version two numbers", c -> c.withMinClientVersion("1.0"),
            "p2p.min-client-version: invalid client version '1.0'"),
        invalid("min version empty", c -> c.withMinClientVersion(""),
            "p2p.min-client-version: invalid client version ''"),
        invalid("validation timeout zero", c -> c.withValidationTimeout(Duration.ZERO),
            "p2p.validation-timeout must be positive, got PT0S"),
        invalid("invalid per minute negative", c -> c.withMaxInvalidPerMinute(-1),
            "p2p.max-invalid-per-minute must be >= 0, got -1"),
        invalid("high water mark too small", c -> c.withWriteBufferHighWaterMark(65_535),
            "p2p.write-buffer-high-water-mark must be >= 65536, got 65535"),
        invalid("swarm null", c -> c.withSwarm(null), "p2p.swarm must be set"),
        invalid("bootnode invalid", c -> c.withBootnodes(List.of(BOOTNODE, "bad")),
            "p2p.swarm.bootnodes[1]: invalid node URL 'bad': missing scheme"),
        invalid("bootnode with host name",
            c -> c.withBootnodes(List.of(BOOTNODE.replace("127.0.0.1", "localhost"))),
            "p2p.swarm.bootnodes[0]: invalid node URL"),
        invalid("bootnode null", c -> c.withBootnodes(Arrays.asList(BOOTNODE, null)),
            "p2p.swarm.bootnodes[1] must be set"),
        invalid("bootnodes null", c -> c.withBootnodes(null), "p2p.swarm.bootnodes must be set"),
        invalid("randcon negative", c -> c.withSwarm(c.swarm().withRandomConnections(-1)),
            "p2p.swarm.randcon must be >= 0, got -1"),
        invalid("peers file null", c -> c.withSwarm(c.swarm().withPeersFile(null)),
            "p2p.swarm.peers-file must be set"));
  }

  @ParameterizedTest
  @MethodSource("invalidValues")
  void rejectsAnInvalidValueNamingItsKey(UnaryOperator<P2PConfig> change, String message) {
    assertThatThrownBy(() -> change.apply(P2PConfig.defaults()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void reportsTheExactMessageForAnInvalidDuration() {
    assertThatThrownBy(() -> P2PConfig.defaults().withSessionTimeout(Duration.ZERO))
        .hasMessage("p2p.session-timeout must be positive, got PT0S");
  }

  static Stream<Arguments> boundaryValues() {
    return Stream.of(
        valid("random tcp port", c -> c.withTcpPort(0)),
        valid("highest tcp port", c -> c.withTcpPort(65_535)),
        valid("ipv6 bind address", c -> c.withBindAddress("::")),
        valid("ipv4 loopback bind address", c -> c.withBindAddress("127.0.0.1")),
        valid("node id", c -> c.withNodeId(KEY)),
        valid("main net", c -> c.withNetworkId(0)),
        valid("largest network id", c -> c.withNetworkId(Integer.MAX_VALUE)),
        valid("no inbound peers", c -> c.withMaxInboundPeers(0)),
        valid("smallest frame", c -> c.withMaxFrameSize(1024)),
        valid("largest frame", c -> c.withMaxFrameSize(Integer.MAX_VALUE - 4)),
        valid("smallest datagram", c -> c.withMaxDatagramSize(256)),
        valid("largest datagram", c -> c.withMaxDatagramSize(65_507)),
        valid("smallest high water mark", c -> c.withWriteBufferHighWaterMark(65_536)),
        valid("named min version", c -> c.withMinClientVersion("libonomy-p2p-java/1.2.3-rc.1")),
        valid("one nanosecond", c -> c.withSendTimeout(Duration.ofNanos(1))),
        valid("bootnodes", c -> c.withBootnodes(List.of(BOOTNODE))));
  }

  @ParameterizedTest
  @MethodSource("boundaryValues")
  void acceptsValuesAtTheEdgesOfTheirRange(UnaryOperator<P2PConfig> change) {
    assertThat(change.apply(P2PConfig.defaults())).isNotNull();
  }

  static Stream<Arguments> withers() {
    Duration d1 = Duration.ofSeconds(1);
    SwarmConfig noGossip = SwarmConfig.defaults().withGossip(false);
    SwarmConfig withBootnode = SwarmConfig.defaults().withBootnodes(List.of(BOOTNODE));
    return Stream.of(
        wither(c -> c.withBindAddress("::"), P2PConfig::bindAddress, "::"),
        wither(c -> c.withTcpPort(0), P2PConfig::tcpPort, 0),
        wither(c -> c.withAcquirePort(false), P2PConfig::acquirePort, false),
        wither(c -> c.withNodeId(KEY), P2PConfig::nodeId, KEY),
        wither(c -> c.withNetworkId(7), P2PConfig::networkId, 7),
        wither(c -> c.withDialTimeout(d1), P2PConfig::dialTimeout, d1),
        wither(c -> c.withResponseTimeout(d1), P2PConfig::responseTimeout, d1),
        wither(c -> c.withSessionTimeout(d1), P2PConfig::sessionTimeout, d1),
        wither(c -> c.withMaxPendingHandshakes(8), P2PConfig::maxPendingHandshakes, 8),
        wither(c -> c.withOutboundPeersTarget(9), P2PConfig::outboundPeersTarget, 9),
        wither(c -> c.withMaxInboundPeers(11), P2PConfig::maxInboundPeers, 11),
        wither(c -> c.withBufferSize(12), P2PConfig::bufferSize, 12),
        wither(c -> c.withMaxFrameSize(4096), P2PConfig::maxFrameSize, 4096),
        wither(c -> c.withMaxDatagramSize(512), P2PConfig::maxDatagramSize, 512),
        wither(c -> c.withMaxClockDrift(d1), P2PConfig::maxClockDrift, d1),
        wither(c -> c.withSendTimeout(d1), P2PConfig::sendTimeout, d1),
        wither(
            c -> c.withOverflowPolicy(OverflowPolicy.DROP_OLDEST),
            P2PConfig::overflowPolicy,
            OverflowPolicy.DROP_OLDEST),
        wither(c -> c.withMaxConnectionsPerIp(2), P2PConfig::maxConnectionsPerIp, 2),
        wither(
            c -> c.withHandshakeRatePerSource(RateLimit.of(1, 2)),
            P2PConfig::handshakeRatePerSource,
            RateLimit.of(1, 2)),
        wither(
            c -> c.withUdpRatePerSource(RateLimit.of(3, 4)),
            P2PConfig::udpRatePerSource,
            RateLimit.of(3, 4)),
        wither(c -> c.withMinClientVersion("0.2.0"), P2PConfig::minClientVersion, "0.2.0"),
        wither(c -> c.withValidationTimeout(d1), P2PConfig::validationTimeout, d1),
        wither(c -> c.withMaxInvalidPerMinute(0), P2PConfig::maxInvalidPerMinute, 0),
        wither(
            c -> c.withWriteBufferHighWaterMark(131_072),
            P2PConfig::writeBufferHighWaterMark,
            131_072),
        wither(c -> c.withSwarm(noGossip), P2PConfig::swarm, noGossip),
        wither(c -> c.withBootnodes(List.of(BOOTNODE)), P2PConfig::swarm, withBootnode));
  }

  @ParameterizedTest
  @MethodSource("withers")
  void witherChangesOnlyItsComponentAndLeavesTheOriginalUnchanged(
      UnaryOperator<P2PConfig> change, Function<P2PConfig, Object> component, Object value)
      throws ReflectiveOperationException {
    P2PConfig original = P2PConfig.defaults();
    P2PConfig snapshot = copyOf(original);

    P2PConfig changed = change.apply(original);

    assertThat(component.apply(changed)).isEqualTo(value);
    assertThat(changed).isNotSameAs(original).isNotEqualTo(original);
    assertThat(original).isEqualTo(snapshot);
    assertThat(differingComponents(original, changed)).hasSize(1);
  }

  @Test
  void withBootnodesKeepsTheRestOfTheSwarmSection() {
    P2PConfig config =
        P2PConfig.defaults()
            .withSwarm(SwarmConfig.defaults().withBootstrap(true).withRandomConnections(8))
            .withBootnodes(List.of(BOOTNODE));

    assertThat(config.swarm())
        .isEqualTo(new SwarmConfig(true, true, 8, List.of(BOOTNODE), "peers.json"));
  }

  @Test
  void keepsAnImmutableCopyOfTheBootnodes() {
    List<String> bootnodes = new ArrayList<>(List.of(BOOTNODE));

    P2PConfig config = P2PConfig.defaults().withBootnodes(bootnodes);
    bootnodes.add("not a url");

    assertThat(config.swarm().bootnodes()).containsExactly(BOOTNODE);
    assertThatThrownBy(() -> config.swarm().bootnodes().add(BOOTNODE))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static P2PConfig copyOf(P2PConfig config) throws ReflectiveOperationException {
    RecordComponent[] components = P2PConfig.class.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      values[i] = components[i].getAccessor().invoke(config);
      types[i] = components[i].getType();
    }
    return P2PConfig.class.getDeclaredConstructor(types).newInstance(values);
  }

  private static List<String> differingComponents(P2PConfig a, P2PConfig b)
      throws ReflectiveOperationException {
    List<String> differing = new ArrayList<>();
    for (RecordComponent component : P2PConfig.class.getRecordComponents()) {
      if (!Objects.equals(component.getAccessor().invoke(a), component.getAccessor().invoke(b))) {
        differing.add(component.getName());
      }
    }
    return differing;
  }

  private static Arguments invalid(String name, UnaryOperator<P2PConfig> change, String message) {
    return Arguments.of(Named.of(name, change), message);
  }

  private static Arguments valid(String name, UnaryOperator<P2PConfig> change) {
    return Arguments.of(Named.of(name, change));
  }

  private static Arguments wither(
      UnaryOperator<P2PConfig> change, Function<P2PConfig, Object> component, Object value) {
    return Arguments.of(Named.of(String.valueOf(value), change), component, value);
  }
}
