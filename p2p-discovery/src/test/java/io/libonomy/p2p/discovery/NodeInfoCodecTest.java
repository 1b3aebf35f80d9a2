package io.libonomy.p2p.discovery;

import static io.libonomy.p2p.discovery.TestNodes.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.libonomy.p2p.api.MalformedMessageException;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.discovery.NodeInfoCodec.Entry;
import io.libonomy.p2p.discovery.NodeInfoCodec.Rules;
import io.libonomy.p2p.identity.NodeInfo;
import io.libonomy.p2p.testing.Hex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The discovery payloads' CBOR (ARCHITECTURE §5.6 with the §5.0 rules). */
class NodeInfoCodecTest {

  private static final String KEY_HEX = "11".repeat(32);
  private static final PublicKey KEY = PublicKey.of(Hex.decode(KEY_HEX));
  /** [h'11..11', h'7f000001', 7513, 7514] */
  private static final String LOOPBACK_NODE = "84" + "5820" + KEY_HEX + "447f000001"
      + "191d59" + "191d5a";

  private final SplittableRandom random = new SplittableRandom(5);

  private static byte[] hex(String text) {
    return Hex.decode(text);
  }

  @Test
  void encodesTheExactBytesOfTheSpecifiedArray() {
    NodeInfo node = new NodeInfo(KEY, ip(127, 0, 0, 1), 7513, 7514);

    assertThat(Hex.encode(NodeInfoCodec.encode(node))).isEqualTo(LOOPBACK_NODE);
    assertThat(NodeInfoCodec.encodedSize(node)).isEqualTo(LOOPBACK_NODE.length() / 2);
  }

  @Test
  void roundTripsIpv4AndIpv6NodesAndLists() {
    List<NodeInfo> nodes = List.of(
        TestNodes.publicNode(random),
        new NodeInfo(TestNodes.key(random), ip("2001:4860::8888"), 1, 65_535),
        new NodeInfo(TestNodes.key(random), ip(127, 0, 0, 1), 30_000, 23));
    for (NodeInfo node : nodes) {
      byte[] encoded = NodeInfoCodec.encode(node);
      assertThat(encoded).hasSize(NodeInfoCodec.encodedSize(node));
      assertThat(NodeInfoCodec.decode(encoded, "node").toNodeInfo()).isEqualTo(node);
    }
    byte[] list = NodeInfoCodec.encodeList(nodes);

    assertThat(list).hasSize(NodeInfoCodec.listSize(nodes));
    assertThat(NodeInfoCodec.decodeList(list)).containsExactlyElementsOf(nodes);
    assertThat(NodeInfoCodec.decodeList(NodeInfoCodec.encodeList(List.of()))).isEmpty();
  }

  @Test
  void writesIpv6As16BytesAndIpv4As4() {
    NodeInfo v6 = new NodeInfo(KEY, ip("::1"), 1, 1);

    byte[] encoded = NodeInfoCodec.encode(v6);

    assertThat(NodeInfoCodec.decode(encoded, "node").ip()).hasSize(16);
    assertThat(NodeInfoCodec.decode(hex(LOOPBACK_NODE), "node").ip()).hasSize(4);
  }

  @Test
  void skipsInvalidEntriesOfAList() {
    NodeInfo good = TestNodes.publicNode(random);
    String goodHex = Hex.encode(NodeInfoCodec.encode(good));
    String lowOrderKey = "5820" + "00".repeat(32);
    List<String> invalid = List.of(
        "84" + "5820" + KEY_HEX + "4400000000" + "01" + "01", // unspecified IPv4
        "84" + "5820" + KEY_HEX + "50" + "00".repeat(16) + "01" + "01", // unspecified IPv6
        "84" + "5820" + KEY_HEX + "44e0000001" + "01" + "01", // multicast IPv4
        "84" + "5820" + KEY_HEX + "50ff02" + "00".repeat(14) + "01" + "01", // multicast IPv6
        "84" + "5820" + KEY_HEX + "50" + "00".repeat(10) + "ffff01020304" + "01" + "01",
        "84" + "5820" + KEY_HEX + "4401020304" + "00" + "01", // tcp port 0
        "84" + "5820" + KEY_HEX + "4401020304" + "01" + "00", // udp port 0
        "84" + lowOrderKey + "4401020304" + "01" + "01");
    String list = "89" + String.join("", invalid) + goodHex;

    assertThat(NodeInfoCodec.decodeList(hex(list))).containsExactly(good);
  }

  @Test
  void pingRulesAllowAnUnspecifiedAddressAndTcpPortZeroButNotTheRest() {
    Entry unspecified = NodeInfoCodec.decode(
        hex("84" + "5820" + KEY_HEX + "4400000000" + "00" + "191d59"), "ping");
    Entry mapped = NodeInfoCodec.decode(
        hex("84" + "5820" + KEY_HEX + "50" + "00".repeat(10) + "ffff7f000001" + "00" + "01"),
        "ping");
    Entry noUdp = NodeInfoCodec.decode(
        hex("84" + "5820" + KEY_HEX + "447f000001" + "01" + "00"), "ping");

    assertThat(unspecified.invalidReason(Rules.PING)).isNull();
    assertThat(unspecified.invalidReason(Rules.ADDRESS)).isEqualTo("unspecified address");
    assertThat(mapped.invalidReason(Rules.PING)).isEqualTo("IPv4-mapped address");
    assertThat(noUdp.invalidReason(Rules.PING)).isEqualTo("port 0");
  }

  @Test
  void acceptsIndefiniteArraysChunkedBytesAndNonShortestIntegers() {
    String indefiniteNode = "9f" + "5f" + "5810" + "11".repeat(16) + "5810" + "11".repeat(16)
        + "ff" + "447f000001" + "1a00001d59" + "1b0000000000001d5a" + "ff";

    assertThat(NodeInfoCodec.decode(hex(indefiniteNode), "node").toNodeInfo())
        .isEqualTo(new NodeInfo(KEY, ip(127, 0, 0, 1), 7513, 7514));
    assertThat(NodeInfoCodec.decodeList(hex("9f" + indefiniteNode + LOOPBACK_NODE + "ff")))
        .hasSize(2);
  }

  @Test
  void rejectsWhatSection50Rejects() {
    String node = "5820" + KEY_HEX + "447f000001" + "191d59";
    List<String> malformed = List.of(
        "",                                     // nothing
        "83" + node,                            // three elements
        "85" + node + "01" + "01",              // five elements
        "84" + node + "f93c00",                 // a float port
        "84" + node + "63616263",               // a text port
        "84" + node + "1a00010000",             // port 65536
        "84" + node + "20",                     // a negative port
        "84" + "c2" + node + "01",              // a bignum tag
        "84" + "d818" + node + "01",            // another tag
        "84" + "5820" + KEY_HEX + "457f00000101" + "01" + "01", // a 5-byte IP
        "84" + "581f" + KEY_HEX.substring(2) + "447f000001" + "01" + "01", // a 31-byte id
        "84" + "7820" + KEY_HEX + "447f000001" + "01" + "01", // text where bytes belong
        "84" + node + "01" + "00",              // trailing bytes
        "84" + node,                            // truncated
        "a0",                                   // a map
        "9f" + node + "01");                    // indefinite without its break
    for (String input : malformed) {
      assertThatThrownBy(() -> NodeInfoCodec.decode(hex(input), "node"))
          .as(input).isInstanceOf(MalformedMessageException.class);
    }
  }

  @Test
  void rejectsListsOfMalformedEntriesOrMoreThan300Entries() {
    assertThatThrownBy(() -> NodeInfoCodec.decodeList(hex("82" + LOOPBACK_NODE + "01")))
        .isInstanceOf(MalformedMessageException.class);
    assertThatThrownBy(() -> NodeInfoCodec.decodeList(hex(LOOPBACK_NODE)))
        .isInstanceOf(MalformedMessageException.class);
    String tooMany = "9f" + LOOPBACK_NODE.repeat(NodeInfoCodec.MAX_LIST_ENTRIES + 1) + "ff";
    assertThatThrownBy(() -> NodeInfoCodec.decodeList(hex(tooMany)))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("more than 300");
    String enough = "9f" + LOOPBACK_NODE.repeat(NodeInfoCodec.MAX_LIST_ENTRIES) + "ff";
    assertThat(NodeInfoCodec.decodeList(hex(enough))).hasSize(NodeInfoCodec.MAX_LIST_ENTRIES);
  }

  @Test
  void garbageNeverThrowsAnythingButMalformedMessage() {
    long seed = Long.getLong("discovery.fuzz.seed", System.nanoTime());
    Random fuzz = new Random(seed);
    byte[] valid = NodeInfoCodec.encodeList(List.of(TestNodes.publicNode(random),
        new NodeInfo(KEY, ip("2001:db8::1"), 9, 9)));
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 20_000 && failures.size() < 5; i++) {
      byte[] input = i % 2 == 0 ? randomBytes(fuzz) : mutate(valid, fuzz);
      for (int decoder = 0; decoder < 2; decoder++) {
        int which = decoder;
        Throwable thrown = catchThrowable(() -> {
          if (which == 0) {
            NodeInfoCodec.decode(input, "node");
          } else {
            NodeInfoCodec.decodeList(input);
          }
        });
        if (thrown != null && !(thrown instanceof MalformedMessageException)) {
          failures.add(Hex.encode(input) + " -> " + thrown);
        }
      }
    }
    assertThat(failures).as("seed %d (rerun with -Ddiscovery.fuzz.seed=%d)", seed, seed)
        .isEmpty();
  }

  private static byte[] randomBytes(Random fuzz) {
    byte[] bytes = new byte[fuzz.nextInt(120)];
    fuzz.nextBytes(bytes);
    return bytes;
  }

  private static byte[] mutate(byte[] valid, Random fuzz) {
    byte[] bytes = Arrays.copyOf(valid, valid.length - fuzz.nextInt(3));
    for (int flips = 1 + fuzz.nextInt(3); flips > 0 && bytes.length > 0; flips--) {
      bytes[fuzz.nextInt(bytes.length)] = (byte) fuzz.nextInt(256);
    }
    return bytes;
  }
}
