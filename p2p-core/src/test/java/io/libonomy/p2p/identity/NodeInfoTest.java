package io.libonomy.p2p.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.api.InvalidNodeUrlException;
import io.libonomy.p2p.crypto.PublicKey;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NodeInfoTest {

  private static final String ID = "2RvLdKq5NgCYkPfFyzUGSFwSyyVPuJnoe7s3V8MQEaWN";
  private static final String IPV4_VECTOR = "libonomy://" + ID + "@127.0.0.1:7514?disc=7514";
  private static final String IPV6_VECTOR =
      "libonomy://C3ugoB29YRkdDwg46uwhQfcuxztE6VgMcfXViX1hZfeF@[::1]:7700?disc=7700";
  private static final long SEED = 0x5EED_0DE5L;

  @ParameterizedTest
  @ValueSource(strings = {IPV4_VECTOR, IPV6_VECTOR})
  void formatsTheVectorsBackExactly(String url) {
    assertThat(NodeInfo.parseUrl(url).toUrl()).isEqualTo(url);
    assertThat(NodeInfo.parseUrl(url)).hasToString(url);
  }

  @Test
  void parsesTheIpv4Vector() throws Exception {
    NodeInfo node = NodeInfo.parseUrl(IPV4_VECTOR);

    assertThat(node.id()).isEqualTo(PublicKey.fromBase58(ID));
    assertThat(node.ip()).isEqualTo(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
    assertThat(node.tcpPort()).isEqualTo(7514);
    assertThat(node.udpPort()).isEqualTo(7514);
  }

  @Test
  void parsesTheIpv6Vector() {
    NodeInfo node = NodeInfo.parseUrl(IPV6_VECTOR);

    assertThat(node.ip()).isInstanceOf(Inet6Address.class);
    assertThat(node.ip().getAddress()).isEqualTo(loopbackV6());
    assertThat(node.tcpPort()).isEqualTo(7700);
  }

  @Test
  void discDefaultsToTheTcpPortAndIsAlwaysWritten() {
    NodeInfo node = NodeInfo.parseUrl("libonomy://" + ID + "@126.0.0.1:3572");

    assertThat(node.udpPort()).isEqualTo(3572);
    assertThat(node.toUrl()).isEqualTo("libonomy://" + ID + "@126.0.0.1:3572?disc=3572");
  }

  @Test
  void keepsADifferentDiscPort() {
    NodeInfo node = NodeInfo.parseUrl("libonomy://" + ID + "@126.0.0.1:3572?disc=7517");

    assertThat(node.tcpPort()).isEqualTo(3572);
    assertThat(node.udpPort()).isEqualTo(7517);
    assertThat(node.udpAddress()).isEqualTo(new InetSocketAddress(node.ip(), 7517));
    assertThat(node.tcpAddress()).isEqualTo(new InetSocketAddress(node.ip(), 3572));
  }

  @ParameterizedTest
  @ValueSource(strings = {"LIBONOMY", "Libonomy", "libONOMY"})
  void acceptsTheSchemeInAnyCase(String scheme) {
    NodeInfo node = NodeInfo.parseUrl(scheme + "://" + ID + "@127.0.0.1:7514?disc=7514");

    assertThat(node.toUrl()).isEqualTo(IPV4_VECTOR);
  }

  @Test
  void acceptsASlashAsThePath() {
    assertThat(NodeInfo.parseUrl("libonomy://" + ID + "@127.0.0.1:7514/").toUrl())
        .isEqualTo(IPV4_VECTOR);
    assertThat(NodeInfo.parseUrl("libonomy://" + ID + "@127.0.0.1:7514/?disc=7514").toUrl())
        .isEqualTo(IPV4_VECTOR);
  }

  @Test
  void compressesIpv6AddressesWhenFormatting() {
    NodeInfo node = NodeInfo.parseUrl("libonomy://" + ID + "@[2001:db8:0:0:0:0:0:1]:1?disc=2");

    assertThat(node.toUrl()).isEqualTo("libonomy://" + ID + "@[2001:db8::1]:1?disc=2");
  }

  @Test
  void roundTripsRandomNodes() throws Exception {
    Random random = new Random(SEED);
    for (int i = 0; i < 2_000; i++) {
      byte[] key = new byte[PublicKey.LENGTH];
      random.nextBytes(key);
      byte[] address = new byte[i % 2 == 0 ? 4 : 16];
      random.nextBytes(address);
      NodeInfo node =
          new NodeInfo(
              PublicKey.of(key),
              InetAddress.getByAddress(address),
              1 + random.nextInt(65_535),
              1 + random.nextInt(65_535));

      String url = node.toUrl();
      NodeInfo parsed = NodeInfo.parseUrl(url);

      assertThat(parsed).as("seed %d, node %d, url %s", SEED, i, url).isEqualTo(node);
      assertThat(parsed.toUrl()).as("seed %d, node %d", SEED, i).isEqualTo(url);
    }
  }

  static Stream<Arguments> invalidUrls() {
    String at = "libonomy://" + ID + "@";
    return Stream.of(
        Arguments.of("126.0.0.1:3572/r9gJRWVB9JVPap2HKn", "missing scheme"),
        Arguments.of(ID + "@127.0.0.1:7514", "missing scheme"),
        Arguments.of("", "missing scheme"),
        Arguments.of("http://" + ID + "@127.0.0.1:7514", "invalid URL scheme 'http'"),
        Arguments.of("libonomy://127.0.0.1:7514", "missing node ID"),
        Arguments.of("libonomy://@127.0.0.1:7514", "missing node ID"),
        Arguments.of("libonomy://" + ID + ":secret@127.0.0.1:7514", "password"),
        Arguments.of("libonomy://0OIl@127.0.0.1:7514", "invalid node ID: unable to decode key"),
        Arguments.of("libonomy://abc@127.0.0.1:7514", "invalid key size (got 3 instead of 32"),
        Arguments.of("libonomy://" + ID + "1@127.0.0.1:7514", "invalid key size"),
        Arguments.of(at + "127.0.0.1", "missing tcp port"),
        Arguments.of(at + "127.0.0.1:", "missing tcp port"),
        Arguments.of(at + "127.0.0.1:abc", "invalid tcp port 'abc'"),
        Arguments.of(at + "127.0.0.1:-1", "invalid tcp port '-1'"),
        Arguments.of(at + "127.0.0.1:+1", "invalid tcp port '+1'"),
        Arguments.of(at + "127.0.0.1:0", "tcp port must be 1..65535, got 0"),
        Arguments.of(at + "127.0.0.1:65536", "tcp port must be 1..65535, got 65536"),
        Arguments.of(at + "127.0.0.1:99999999999", "tcp port must be 1..65535"),
        Arguments.of(at + "localhost:7513", "'localhost' is not an IP address"),
        Arguments.of(at + "example.com:7513", "'example.com' is not an IP address"),
        Arguments.of(at + "256.0.0.1:7513", "'256.0.0.1' is not an IP address"),
        Arguments.of(at + "1.2.3:7513", "'1.2.3' is not an IP address"),
        Arguments.of(at + ":7513", "missing IP address"),
        Arguments.of(at + "[localhost]:7513", "'localhost' is not an IPv6 address"),
        Arguments.of(at + "[127.0.0.1]:7513", "'127.0.0.1' is not an IPv6 address"),
        Arguments.of(at + "[]:7513", "missing IP address"),
        Arguments.of(at + "[[::1]]:7513", "is not an IPv6 address"),
        Arguments.of(at + "[fe80::1%25eth0]:7513", "zone IDs are not supported"),
        Arguments.of(at + "::1:7513", "IPv6 address must be in brackets"),
        Arguments.of(at + "[::1:7513", "missing ']'"),
        Arguments.of(at + "[::1]", "missing tcp port"),
        Arguments.of(at + "[::1]7513", "missing tcp port"),
        Arguments.of(at + "127.0.0.1:7513/path", "unexpected path '/path'"),
        Arguments.of(at + "127.0.0.1:7513//", "unexpected path '//'"),
        Arguments.of(at + "127.0.0.1:7513#top", "unexpected fragment"),
        Arguments.of(at + "127.0.0.1:7513?", "empty query parameter"),
        Arguments.of(at + "127.0.0.1:7513?foo=1", "unknown query parameter 'foo'"),
        Arguments.of(at + "127.0.0.1:7513?disc=7514&foo=1", "unknown query parameter 'foo'"),
        Arguments.of(at + "127.0.0.1:7513?DISC=7514", "unknown query parameter 'DISC'"),
        Arguments.of(at + "127.0.0.1:7513?disc=1&disc=2", "duplicate query parameter 'disc'"),
        Arguments.of(at + "127.0.0.1:7513?disc=", "missing disc port"),
        Arguments.of(at + "127.0.0.1:7513?disc", "missing disc port"),
        Arguments.of(at + "127.0.0.1:7513?disc=abc", "invalid disc port 'abc'"),
        Arguments.of(at + "127.0.0.1:7513?disc=0", "disc port must be 1..65535, got 0"),
        Arguments.of(at + "127.0.0.1:7513?disc=70000", "disc port must be 1..65535, got 70000"));
  }

  @ParameterizedTest
  @MethodSource("invalidUrls")
  void rejectsInvalidUrlsNamingTheProblem(String url, String problem) {
    assertThatThrownBy(() -> NodeInfo.parseUrl(url))
        .isInstanceOf(InvalidNodeUrlException.class)
        .hasMessageStartingWith("invalid node URL '")
        .hasMessageContaining(problem);
  }

  @Test
  void rejectsHostNamesThatWouldResolveWithoutLookingThemUp() {
    // "localhost" resolves on every machine: a parser that resolved names would accept it
    assertThatThrownBy(() -> NodeInfo.parseUrl("libonomy://" + ID + "@localhost:7513"))
        .isInstanceOf(InvalidNodeUrlException.class)
        .hasMessageContaining("host names are not resolved");
  }

  @Test
  void escapesControlCharactersInMessages() {
    assertThatThrownBy(() -> NodeInfo.parseUrl("libonomy://" + ID + "@127.0.0.1:75\n13"))
        .hasMessageContaining("\\u000a")
        .hasMessageNotContaining("\n");
  }

  @Test
  void normalisesIpv4MappedAddressesToIpv4() throws Exception {
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
    NodeInfo built =
        new NodeInfo(PublicKey.fromBase58(ID), Inet6Address.getByAddress(null, mapped, -1), 1, 1);
    NodeInfo parsed = NodeInfo.parseUrl("libonomy://" + ID + "@[::ffff:127.0.0.1]:7514");

    assertThat(built.ip()).isInstanceOf(Inet4Address.class);
    assertThat(built.ip().getAddress()).containsExactly(127, 0, 0, 1);
    assertThat(parsed.ip()).isInstanceOf(Inet4Address.class);
    assertThat(parsed.toUrl()).isEqualTo(IPV4_VECTOR);
  }

  @Test
  void dropsTheHostNameOfTheGivenAddress() throws Exception {
    InetAddress named = InetAddress.getByAddress("example.com", new byte[] {127, 0, 0, 1});

    NodeInfo node = new NodeInfo(PublicKey.fromBase58(ID), named, 1, 1);

    // toString shows a kept host name without any lookup
    assertThat(node.ip()).hasToString("/127.0.0.1");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 65_536, Integer.MAX_VALUE})
  void rejectsPortsOutsideTheUnsignedShortRangeNamingTheField(int port) throws Exception {
    PublicKey id = PublicKey.fromBase58(ID);
    InetAddress ip = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});

    assertThatThrownBy(() -> new NodeInfo(id, ip, port, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tcpPort must be 0..65535, got " + port);
    assertThatThrownBy(() -> new NodeInfo(id, ip, 1, port))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("udpPort must be 0..65535, got " + port);
  }

  @Test
  void allowsPortZeroInTheRecordForNodesThatDoNotListen() throws Exception {
    NodeInfo node =
        new NodeInfo(
            PublicKey.fromBase58(ID), InetAddress.getByAddress(new byte[] {0, 0, 0, 0}), 0, 0);

    assertThat(node.tcpPort()).isZero();
    assertThatThrownBy(() -> NodeInfo.parseUrl(node.toUrl()))
        .hasMessageContaining("tcp port must be 1..65535, got 0");
  }

  @Test
  void ofUsesTheTcpPortForUdp() throws Exception {
    InetSocketAddress tcp = new InetSocketAddress(InetAddress.getByAddress(loopbackV6()), 7700);

    NodeInfo node =
        NodeInfo.of(PublicKey.fromBase58("C3ugoB29YRkdDwg46uwhQfcuxztE6VgMcfXViX1hZfeF"), tcp);

    assertThat(node.toUrl()).isEqualTo(IPV6_VECTOR);
    assertThat(node.tcpAddress()).isEqualTo(tcp);
    assertThat(node.udpAddress()).isEqualTo(tcp);
  }

  @Test
  void ofRejectsAnUnresolvedAddressInsteadOfResolvingIt() {
    InetSocketAddress unresolved = InetSocketAddress.createUnresolved("example.com", 7513);

    assertThatThrownBy(() -> NodeInfo.of(PublicKey.fromBase58(ID), unresolved))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unresolved");
  }

  private static byte[] loopbackV6() {
    byte[] bytes = new byte[16];
    bytes[15] = 1;
    return bytes;
  }
}
