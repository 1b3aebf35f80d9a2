package io.libonomy.p2p.upnp;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.upnp.LocalInterfaces.Subnet;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalInterfacesTest {

  @Test
  void picksTheAddressWhoseSubnetContainsTheGateway() throws Exception {
    Subnet v6 = new Subnet(InetAddress.getByName("::1"), 128);
    Subnet narrow = new Subnet(InetAddress.getByName("127.0.0.1"), 32);
    Subnet wide = new Subnet(InetAddress.getByName("127.0.0.2"), 8);

    assertThat(LocalInterfaces.matching(InetAddress.getByName("127.5.5.5"),
        List.of(v6, narrow, wide))).contains(InetAddress.getByName("127.0.0.2"));
    assertThat(LocalInterfaces.matching(InetAddress.getByName("127.0.0.1"),
        List.of(v6, narrow, wide))).contains(InetAddress.getByName("127.0.0.1"));
    assertThat(LocalInterfaces.matching(InetAddress.getByName("::1"), List.of(narrow, wide, v6)))
        .contains(InetAddress.getByName("::1"));
  }

  @Test
  void comparesPrefixesThatEndInsideAByte() throws Exception {
    Subnet slash12 = new Subnet(InetAddress.getByName("127.16.0.1"), 12);

    assertThat(slash12.contains(InetAddress.getByName("127.31.255.255"))).isTrue();
    assertThat(slash12.contains(InetAddress.getByName("127.32.0.0"))).isFalse();
    assertThat(slash12.contains(InetAddress.getByName("::1"))).isFalse();
  }

  @Test
  void findsNothingWhenNoSubnetContainsTheGateway() throws Exception {
    assertThat(LocalInterfaces.matching(InetAddress.getByName("127.0.0.9"),
        List.of(new Subnet(InetAddress.getByName("127.0.0.1"), 32)))).isEmpty();
  }
}
