package io.libonomy.p2p.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.api.InvalidConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwarmConfigTest {

  private static final String BOOTNODE =
      "libonomy://C3ugoB29YRkdDwg46uwhQfcuxztE6VgMcfXViX1hZfeF@[::1]:7700?disc=7700";

  @Test
  void defaultsFollowTheSeed() {
    assertThat(SwarmConfig.defaults())
        .isEqualTo(new SwarmConfig(true, false, 5, List.of(), "peers.json"));
  }

  @Test
  void withersReturnNewInstancesAndLeaveTheOriginalUnchanged() {
    SwarmConfig original = SwarmConfig.defaults();

    assertThat(original.withGossip(false).gossip()).isFalse();
    assertThat(original.withBootstrap(true).bootstrap()).isTrue();
    assertThat(original.withRandomConnections(0).randomConnections()).isZero();
    assertThat(original.withBootnodes(List.of(BOOTNODE)).bootnodes()).containsExactly(BOOTNODE);
    assertThat(original.withPeersFile("book.json").peersFile()).isEqualTo("book.json");
    assertThat(original).isEqualTo(new SwarmConfig(true, false, 5, List.of(), "peers.json"));
  }

  @Test
  void rejectsANegativeNumberOfRandomConnections() {
    assertThatThrownBy(() -> SwarmConfig.defaults().withRandomConnections(-1))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("p2p.swarm.randcon must be >= 0, got -1");
  }

  @Test
  void rejectsABootnodeThatIsNotANodeUrlNamingItsIndex() {
    assertThatThrownBy(
            () -> SwarmConfig.defaults().withBootnodes(List.of(BOOTNODE, BOOTNODE, "x@1.2.3.4:5")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("p2p.swarm.bootnodes[2]: invalid node URL 'x@1.2.3.4:5'")
        .hasCauseInstanceOf(io.libonomy.p2p.api.InvalidNodeUrlException.class);
  }
}
