package io.libonomy.p2p.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.api.PeerBannedException;
import io.libonomy.p2p.api.PeerEvent;
import io.libonomy.p2p.gossip.GossipMeters;
import io.libonomy.p2p.gossip.GossipMessage;
import io.libonomy.p2p.gossip.MessageId;
import io.libonomy.p2p.gossip.Priority;
import io.libonomy.p2p.metrics.MeterNames;
import io.libonomy.p2p.testing.Await;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.test.StepVerifier;

/** Gossip between live nodes on 127.0.0.1. */
class SwitchGossipTest {

  private static final String PROTOCOL = "blocks/1";
  private final TestNodes nodes = new TestNodes();
  private final Disposable.Composite subscriptions = Disposables.composite();

  @AfterEach
  void shutdown() {
    subscriptions.dispose();
    nodes.close();
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Connects {@code a} to {@code b} and waits until both count the other as a neighbour. */
  private static void link(Switch a, Switch b) {
    a.connect(b.localNode()).block(TestNodes.TIMEOUT);
    awaitPeer(a, b);
    awaitPeer(b, a);
  }

  private static void awaitPeer(Switch at, Switch peer) {
    at.peerEvents()
        .filter(e -> e instanceof PeerEvent.Connected && e.peer().equals(peer.localKey()))
        .next().block(TestNodes.TIMEOUT);
  }

  /** Deliveries per message id at one node; the subscriber decides with {@code valid}. */
  private Map<MessageId, AtomicInteger> validate(Switch node, Predicate<GossipMessage> valid) {
    Map<MessageId, AtomicInteger> seen = new ConcurrentHashMap<>();
    subscriptions.add(node.gossip(PROTOCOL, Priority.HIGH).subscribe(m -> {
      seen.computeIfAbsent(m.id(), k -> new AtomicInteger()).incrementAndGet();
      if (valid.test(m)) {
        m.accept();
      } else {
        m.reject();
      }
    }));
    return seen;
  }

  private static double gossipCount(TestNodes.Node node, String state) {
    var c = node.registry().find(GossipMeters.MESSAGES)
        .tag(GossipMeters.TAG_PROTOCOL, PROTOCOL).tag(GossipMeters.TAG_STATE, state).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void broadcastsReachEveryNodeOfARingExactlyOnce() {
    List<TestNodes.Node> ring = List.of(nodes.start(c -> c), nodes.start(c -> c),
        nodes.start(c -> c), nodes.start(c -> c), nodes.start(c -> c));
    for (int i = 0; i < ring.size(); i++) {
      link(ring.get(i).node(), ring.get((i + 1) % ring.size()).node());
    }
    List<Map<MessageId, AtomicInteger>> seen =
        ring.stream().map(n -> validate(n.node(), m -> true)).toList();

    for (int i = 0; i < 10; i++) {
      ring.get(i % ring.size()).node().broadcast(PROTOCOL, text("block " + i))
          .block(TestNodes.TIMEOUT);
    }

    Await.until(() -> seen.stream().allMatch(s -> s.size() == 10), TestNodes.TIMEOUT,
        "every node validated all 10 messages");
    // a later message through the ring flushes any duplicate still in flight
    ring.get(0).node().broadcast(PROTOCOL, text("flush")).block(TestNodes.TIMEOUT);
    Await.until(() -> seen.stream().allMatch(s -> s.size() == 11), TestNodes.TIMEOUT,
        "the flush message everywhere");
    for (Map<MessageId, AtomicInteger> s : seen) {
      assertThat(s.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
    }
    double duplicates = ring.stream().mapToDouble(n -> gossipCount(n, "duplicate")).sum();
    assertThat(duplicates).as("a ring delivers each message twice to someone").isPositive();
  }

  @Test
  void aMessageRejectedByTheFirstHopGoesNoFurther() {
    TestNodes.Node a = nodes.start(c -> c);
    TestNodes.Node b = nodes.start(c -> c);
    TestNodes.Node c = nodes.start(cfg -> cfg);
    link(a.node(), b.node());
    link(b.node(), c.node());
    validate(a.node(), m -> true);
    validate(b.node(), m -> !new String(m.payload(), StandardCharsets.UTF_8).equals("bad"));
    Map<MessageId, AtomicInteger> atC = validate(c.node(), m -> true);

    a.node().broadcast(PROTOCOL, text("bad")).block(TestNodes.TIMEOUT);
    a.node().broadcast(PROTOCOL, text("good")).block(TestNodes.TIMEOUT);

    // b relays in order on one connection: once "good" is at c, "bad" would have been too
    Await.until(() -> atC.containsKey(MessageId.of(text("good"), PROTOCOL)),
        TestNodes.TIMEOUT, "the valid message reaches c");
    assertThat(atC).doesNotContainKey(MessageId.of(text("bad"), PROTOCOL));
    assertThat(gossipCount(b, "rejected")).isEqualTo(1);
    // counted when b's write completes, which c may see before b's listener ran
    Await.until(() -> gossipCount(b, "relayed") == 1, TestNodes.TIMEOUT, "b counts its relay");
  }

  @Test
  void aNeighbourSendingInvalidMessagesIsDisconnectedAndBannedAfterTheThreshold() {
    TestNodes.Node a = nodes.start(c -> c);
    TestNodes.Node b = nodes.start(c -> c.withMaxInvalidPerMinute(2));
    link(a.node(), b.node());
    validate(a.node(), m -> true);
    validate(b.node(), m -> false);

    a.node().broadcast(PROTOCOL, text("bad 1")).block(TestNodes.TIMEOUT);
    a.node().broadcast(PROTOCOL, text("bad 2")).block(TestNodes.TIMEOUT);
    Await.until(() -> gossipCount(b, "rejected") == 2, TestNodes.TIMEOUT, "two rejected");
    assertThat(b.node().bannedPeers()).isEmpty();
    a.node().broadcast(PROTOCOL, text("bad 3")).block(TestNodes.TIMEOUT);

    Await.until(() -> b.node().bannedPeers().contains(a.node().localKey()), TestNodes.TIMEOUT,
        "b bans a after the third invalid message");
    Await.until(() -> !a.node().connectedPeers().contains(b.node().localKey())
            && !b.node().connectedPeers().contains(a.node().localKey()),
        TestNodes.TIMEOUT, "the connection is closed on both sides");
    StepVerifier.create(b.node().connect(a.node().localNode()))
        .expectError(PeerBannedException.class)
        .verify(TestNodes.TIMEOUT);
    assertThat(b.node().addressBook().add(a.node().localNode(), a.node().localNode()))
        .as("the banned address is marked bad in the book").isFalse();

    a.node().connect(b.node().localNode()).onErrorComplete().block(TestNodes.TIMEOUT);

    Await.until(() -> b.registry().counter(MeterNames.CONNECTIONS_REFUSED,
            MeterNames.TAG_REASON, "banned").count() == 1, TestNodes.TIMEOUT,
        "b refuses a's new connection");
    assertThat(b.node().connectedPeers()).doesNotContain(a.node().localKey());
  }

  @Test
  void aDirectMessageWithTheSameBytesIsNotGossip() {
    TestNodes.Node a = nodes.start(c -> c);
    TestNodes.Node b = nodes.start(c -> c);
    link(a.node(), b.node());
    validate(a.node(), m -> true);
    Map<MessageId, AtomicInteger> atB = validate(b.node(), m -> true);

    a.node().send(b.node().localKey(), PROTOCOL, text("same")).block(TestNodes.TIMEOUT);
    a.node().broadcast(PROTOCOL, text("other")).block(TestNodes.TIMEOUT);
    Await.until(() -> atB.size() == 1, TestNodes.TIMEOUT, "the gossip message at b");

    assertThat(atB).containsOnlyKeys(MessageId.of(text("other"), PROTOCOL));
    a.node().broadcast(PROTOCOL, text("same")).block(TestNodes.TIMEOUT);
    Await.until(() -> atB.size() == 2, TestNodes.TIMEOUT,
        "gossip with the direct message's bytes is new to b");
  }
}
