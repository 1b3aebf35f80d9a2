package io.libonomy.p2p.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.crypto.PublicKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/** The seed's gossip protocol tests (seed-behaviour §19, protocol_test.go) in Java form. */
class GossipProtocolTest {

  private static final String PROTOCOL = "blocks/1";
  private final GossipFixture f = new GossipFixture();
  private final List<GossipMessage> delivered = new CopyOnWriteArrayList<>();
  private Disposable subscriber;

  @AfterEach
  void tearDown() {
    if (subscriber != null) {
      subscriber.dispose();
    }
    f.close();
  }

  private void acceptAll() {
    subscriber = f.gossip.messages(PROTOCOL, Priority.HIGH).subscribe(m -> {
      delivered.add(m);
      m.accept();
    });
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void relayFromANonPeerWithTwentyPeersDeliversOnceAndSendsTwenty() {
    f.gossip.start().block();
    f.connect(20);
    acceptAll();

    f.gossip.receive(GossipFixture.key(), PROTOCOL, bytes("hello"));

    assertThat(delivered).hasSize(1);
    assertThat(f.sent).hasSize(20);
    assertThat(f.count(PROTOCOL, "relayed")).isEqualTo(1);
  }

  @Test
  void broadcastWithTwentyPeersDeliversLocallyThenSendsTwenty() {
    f.gossip.start().block();
    f.connect(20);
    acceptAll();

    f.gossip.broadcast(PROTOCOL, bytes("mine")).block();

    assertThat(delivered).singleElement().satisfies(m -> {
      assertThat(m.isLocal()).isTrue();
      assertThat(m.sender()).isEqualTo(f.localKey);
    });
    assertThat(f.sent).hasSize(20);
  }

  @Test
  void withoutPeersNothingIsSent() {
    f.gossip.start().block();
    acceptAll();

    f.gossip.broadcast(PROTOCOL, bytes("alone")).block();

    assertThat(delivered).hasSize(1);
    assertThat(f.sent).isEmpty();
    assertThat(f.count(PROTOCOL, "relayed")).isZero();
  }

  @Test
  void onePeerThenTwentyMoreGivesOneThenTwentyOneSends() {
    f.gossip.start().block();
    f.connect(1);
    acceptAll();
    f.gossip.broadcast(PROTOCOL, bytes("first")).block();
    assertThat(f.sent).hasSize(1);

    f.connect(20);
    f.gossip.broadcast(PROTOCOL, bytes("second")).block();

    assertThat(f.sent).hasSize(22);
  }

  @Test
  void theSenderIsNotSentItsOwnMessageBack() {
    f.gossip.start().block();
    List<PublicKey> peers = f.connect(5);
    acceptAll();

    f.gossip.receive(peers.get(2), PROTOCOL, bytes("from two"));

    assertThat(f.sent).hasSize(4);
    assertThat(f.sentTo(peers.get(2))).isZero();
  }

  @Test
  void neighboursThatSentTheMessageDuringValidationAreSkippedByTheRelay() {
    f.gossip.start().block();
    List<PublicKey> peers = f.connect(5);
    java.util.Queue<GossipMessage> held = new java.util.concurrent.ConcurrentLinkedQueue<>();
    subscriber = f.gossip.messages(PROTOCOL, Priority.HIGH).subscribe(held::add);

    f.gossip.receive(peers.get(0), PROTOCOL, bytes("popular"));
    f.gossip.receive(peers.get(1), PROTOCOL, bytes("popular"));
    f.gossip.receive(peers.get(3), PROTOCOL, bytes("popular"));
    held.poll().accept();

    assertThat(f.sent).extracting(GossipFixture.Sent::peer)
        .containsExactlyInAnyOrder(peers.get(2), peers.get(4));
    assertThat(f.gossip.inProgress()).as("nothing kept once relayed").isZero();
  }

  @Test
  void theSameMessageTwiceIsProcessedOnceAndNotSentAgain() {
    f.gossip.start().block();
    List<PublicKey> peers = f.connect(3);
    acceptAll();

    f.gossip.receive(peers.get(0), PROTOCOL, bytes("twice"));
    f.gossip.receive(peers.get(1), PROTOCOL, bytes("twice"));

    assertThat(delivered).hasSize(1);
    assertThat(f.sent).hasSize(2);
    assertThat(f.count(PROTOCOL, "new")).isEqualTo(1);
    assertThat(f.count(PROTOCOL, "duplicate")).isEqualTo(1);
  }

  @Test
  void theSamePayloadOnAnotherProtocolIsAnotherMessage() {
    f.gossip.start().block();
    f.connect(2);
    acceptAll();
    List<GossipMessage> other = new CopyOnWriteArrayList<>();
    Disposable second = f.gossip.messages("tx/1", Priority.LOW).subscribe(m -> {
      other.add(m);
      m.accept();
    });
    try {
      f.gossip.receive(GossipFixture.key(), PROTOCOL, bytes("same"));
      f.gossip.receive(GossipFixture.key(), "tx/1", bytes("same"));

      assertThat(delivered).hasSize(1);
      assertThat(other).hasSize(1);
      assertThat(other.get(0).id()).isNotEqualTo(delivered.get(0).id());
      assertThat(f.sent).hasSize(4);
    } finally {
      second.dispose();
    }
  }

  @Test
  void peerEventsBeforeStartAreNotConsumed() {
    f.connect(5);
    f.gossip.start().block();
    acceptAll();

    f.gossip.broadcast(PROTOCOL, bytes("early")).block();

    assertThat(f.sent).isEmpty();
  }

  @Test
  void peerEventsAfterCloseAreNotConsumed() {
    f.gossip.start().block();
    acceptAll();
    f.gossip.close().block();

    f.connect(5);

    assertThat(f.events.currentSubscriberCount()).isZero();
    assertThat(f.sent).isEmpty();
  }

  @Test
  void removingAPeerReducesTheFanOut() {
    f.gossip.start().block();
    List<PublicKey> peers = f.connect(4);
    acceptAll();
    f.gossip.broadcast(PROTOCOL, bytes("four")).block();
    assertThat(f.sent).hasSize(4);

    f.disconnect(peers.get(0));
    f.gossip.broadcast(PROTOCOL, bytes("three")).block();

    assertThat(f.sent).hasSize(7);
    assertThat(f.sentTo(peers.get(0))).isEqualTo(1);
  }

  @Test
  void anOldMessageRelayedAgainAfterThePeerCameBackDoesNothing() {
    f.gossip.start().block();
    List<PublicKey> peers = f.connect(3);
    acceptAll();
    f.gossip.receive(peers.get(0), PROTOCOL, bytes("old"));
    assertThat(f.sent).hasSize(2);

    f.disconnect(peers.get(0));
    f.connect(peers.get(0));
    f.gossip.receive(peers.get(0), PROTOCOL, bytes("old"));

    assertThat(delivered).hasSize(1);
    assertThat(f.sent).hasSize(2);
  }

  @Test
  void aMessageOnAProtocolWithoutSubscriberIsDroppedAndCountedUnderOther() {
    f.gossip.start().block();
    f.connect(3);

    f.gossip.receive(GossipFixture.key(), "nobody/1", bytes("lost"));

    assertThat(f.sent).isEmpty();
    assertThat(f.dropped(GossipMeters.OTHER_PROTOCOL, "no_subscriber")).isEqualTo(1);
  }
}
