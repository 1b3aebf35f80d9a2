package io.libonomy.p2p.discovery;

import static io.libonomy.p2p.discovery.TestNodes.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.identity.NodeInfo;
import io.libonomy.p2p.net.EnvelopeKind;
import io.libonomy.p2p.net.UdpPlaintext;
import io.libonomy.p2p.net.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A GET_ADDRESSES answer fits the datagram limit, counted on the real wire encoding. */
class AnswerBudgetTest {

  private final SplittableRandom random = new SplittableRandom(11);

  /** The whole datagram of an answer carrying {@code payload}, with the longest stamps. */
  private static int datagramSize(int networkId, byte[] payload) {
    UdpPlaintext p = new UdpPlaintext(networkId, Long.MIN_VALUE, EnvelopeKind.RESPONSE,
        DiscoveryProtocol.PROTOCOL, DiscoveryProtocol.GET_ADDRESSES, Long.MAX_VALUE, payload);
    return AnswerBudget.DATAGRAM_OVERHEAD + WireCodec.encode(p).length;
  }

  private List<NodeInfo> nodes(int count, boolean ipv6) {
    List<NodeInfo> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      nodes.add(ipv6
          ? new NodeInfo(TestNodes.key(random), ip("2001:4860::" + Integer.toHexString(i + 1)),
              40_000 + i, 40_000 + i)
          : TestNodes.publicNode(random));
    }
    return nodes;
  }

  @ParameterizedTest
  @CsvSource({"1280, 1, false", "1280, 1, true", "1280, 2147483647, true", "256, 0, false",
      "256, 0, true", "600, 70000, false", "65507, 1, true"})
  void fillsTheDatagramWithoutExceedingIt(int maxDatagramSize, int networkId, boolean ipv6) {
    AnswerBudget budget = new AnswerBudget(maxDatagramSize, networkId,
        DiscoveryProtocol.PROTOCOL, DiscoveryProtocol.GET_ADDRESSES);
    List<NodeInfo> offered = nodes(NodeInfoCodec.MAX_LIST_ENTRIES, ipv6);

    List<NodeInfo> fitting = budget.fit(offered);

    assertThat(datagramSize(networkId, NodeInfoCodec.encodeList(fitting)))
        .isLessThanOrEqualTo(maxDatagramSize);
    if (fitting.size() < offered.size()) {
      List<NodeInfo> oneMore = offered.subList(0, fitting.size() + 1);
      assertThat(datagramSize(networkId, NodeInfoCodec.encodeList(oneMore)))
          .as("one more entry would not fit")
          .isGreaterThan(maxDatagramSize);
    }
    assertThat(fitting).isEqualTo(offered.subList(0, fitting.size()));
  }

  @Test
  void theDefaultDatagramCarriesAboutTwentyIpv4Addresses() {
    AnswerBudget budget = new AnswerBudget(1280, 1, DiscoveryProtocol.PROTOCOL,
        DiscoveryProtocol.GET_ADDRESSES);

    assertThat(budget.fit(nodes(100, false))).hasSizeBetween(20, 30);
    assertThat(budget.fit(nodes(100, true))).hasSizeBetween(15, 25);
  }

  @Test
  void anEmptyListAlwaysFits() {
    AnswerBudget budget = new AnswerBudget(256, Integer.MAX_VALUE, DiscoveryProtocol.PROTOCOL,
        DiscoveryProtocol.GET_ADDRESSES);

    assertThat(budget.fit(List.of())).isEmpty();
    assertThat(datagramSize(Integer.MAX_VALUE, NodeInfoCodec.encodeList(List.of())))
        .isLessThanOrEqualTo(256);
  }
}
