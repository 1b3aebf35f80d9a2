package io.libonomy.p2p.discovery;

import static io.libonomy.p2p.discovery.TestNodes.ip;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Routability and groups (seed reference §12.3, Bitcoin Core's netaddress tests). */
class NetworkGroupsTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"127.0.0.1", "0.1.2.3", "10.1.2.3", "172.16.0.1", "172.31.255.1",
      "192.168.1.1", "198.18.0.1", "198.19.1.1", "169.254.1.1", "192.0.2.1", "198.51.100.7",
      "203.0.113.9", "100.64.0.1", "100.127.1.1", "::1", "fe80::1", "2001:db8::1",
      "2001:10::1", "fc00::1", "fd00::1", "0.0.0.0", "::", "224.0.0.1", "255.255.255.255"})
  void notRoutable(String literal) {
    assertThat(NetworkGroups.isRoutable(ip(literal))).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"1.2.3.4", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2a00:1450::1",
      "2001:470:1::1", "fd87:d87e:eb43::1", "2002:102:304::1"})
  void routable(String literal) {
    assertThat(NetworkGroups.isRoutable(ip(literal))).isTrue();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "1.2.3.4, 1.2.0.0",
      "1.2.200.9, 1.2.0.0",
      "2a00:1450:4001:800::1, 2a00:1450:0:0::",
      "2001:470:1f0b::1, 2001:470:1000:0::",
      "2002:102:304::1, 1.2.0.0",
      "64:ff9b::102:304, 1.2.0.0",
      "::ffff:0:102:304, 1.2.0.0",
      "2001:0:4136:e378:8000:63bf:fefd:fbfb, 1.2.0.0",
      "fd87:d87e:eb43:a4b3:1234::, tor:4"})
  void groupsRoutableAddressesByNetwork(String literal, String group) {
    assertThat(NetworkGroups.group(ip(literal), 7513)).isEqualTo(group);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"127.0.0.1, local:127.0.0.1:7513", "192.168.1.7, local:192.168.1.7:7513",
      "::1, local:0:0:0:0:0:0:0:1:7513"})
  void everyUnroutableNodeIsItsOwnGroup(String literal, String group) {
    assertThat(NetworkGroups.group(ip(literal), 7513)).isEqualTo(group);
    assertThat(NetworkGroups.group(ip(literal), 7514)).isNotEqualTo(group);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"0.0.0.0", "::", "224.0.0.1", "ff02::1", "255.255.255.255"})
  void invalid(String literal) {
    assertThat(NetworkGroups.isValid(ip(literal))).isFalse();
  }
}
