package io.libonomy.p2p.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.api.DirectMessage;
import io.libonomy.p2p.api.PeerEvent;
import io.libonomy.p2p.api.NotConnectedException;
import io.libonomy.p2p.api.ProtocolSubscriptionException;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.crypto.PublicKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class SwitchDirectMessagingTest {

  private final TestNodes nodes = new TestNodes();

  @AfterEach
  void shutdown() {
    nodes.close();
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void twoNodesRoundTripBothWays() {
    Switch a = nodes.start();
    Switch b = nodes.start();
    Mono<DirectMessage> atB = b.direct("chat/1").next().cache();
    atB.subscribe(m -> { }, e -> { });
    Mono<DirectMessage> atA = a.direct("chat/1").next().cache();
    atA.subscribe(m -> { }, e -> { });

    assertThat(a.connect(b.localNode()).block(TestNodes.TIMEOUT)).isEqualTo(b.localKey());
    a.send(b.localKey(), "chat/1", text("ping")).block(TestNodes.TIMEOUT);
    DirectMessage received = atB.block(TestNodes.TIMEOUT);
    b.send(received.sender(), "chat/1", text("pong")).block(TestNodes.TIMEOUT);
    DirectMessage reply = atA.block(TestNodes.TIMEOUT);

    assertThat(received.sender()).isEqualTo(a.localKey());
    assertThat(new String(received.payload(), StandardCharsets.UTF_8)).isEqualTo("ping");
    assertThat(received.metadata().remoteAddress().getAddress().isLoopbackAddress()).isTrue();
    assertThat(reply.sender()).isEqualTo(b.localKey());
    assertThat(new String(reply.payload(), StandardCharsets.UTF_8)).isEqualTo("pong");
  }

  @Test
  void sendingToAnUnknownPeerFailsWithNotConnected() {
    Switch a = nodes.start();
    PublicKey stranger = KeyPair.generate().publicKey();

    StepVerifier.create(a.send(stranger, "chat/1", text("hi")))
        .expectError(NotConnectedException.class)
        .verify(TestNodes.TIMEOUT);
    StepVerifier.create(a.send(a.localKey(), "chat/1", text("hi")))
        .expectError(NotConnectedException.class)
        .verify(TestNodes.TIMEOUT);
  }

  @Test
  void aSecondConcurrentSubscriberOfAProtocolIsRefused() {
    Switch a = nodes.start();
    var first = a.direct("chat/1").subscribe();
    try {
      StepVerifier.create(a.direct("chat/1"))
          .expectError(ProtocolSubscriptionException.class)
          .verify(TestNodes.TIMEOUT);
    } finally {
      first.dispose();
    }
    StepVerifier.create(a.direct("chat/1").take(java.time.Duration.ofMillis(50)))
        .verifyComplete();
  }

  @Test
  void hundredConcurrentSendersAreIdentifiedCorrectly() {
    Switch receiver = nodes.start();
    List<Switch> senders = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      senders.add(nodes.start());
    }
    Mono<List<DirectMessage>> all = receiver.direct("id/1").take(100).collectList().cache();
    all.subscribe(m -> { }, e -> { });

    Flux.fromIterable(senders)
        .flatMap(s -> s.connect(receiver.localNode())
            .then(s.send(receiver.localKey(), "id/1", s.localKey().bytes())))
        .then().block(TestNodes.TIMEOUT);

    List<DirectMessage> messages = all.block(TestNodes.TIMEOUT);
    assertThat(messages).hasSize(100)
        .allSatisfy(m -> assertThat(m.payload()).isEqualTo(m.sender().bytes()));
    assertThat(messages.stream().map(DirectMessage::sender).distinct()).hasSize(100);
  }

  @Test
  void hundredSendersTimesTwentyProtocolsAllArrive() {
    Switch receiver = nodes.start();
    List<Switch> senders = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      senders.add(nodes.start());
    }
    List<Mono<List<DirectMessage>>> perProtocol = new ArrayList<>();
    for (int p = 0; p < 20; p++) {
      Mono<List<DirectMessage>> m = receiver.direct("proto/" + p).take(100).collectList().cache();
      m.subscribe(x -> { }, e -> { });
      perProtocol.add(m);
    }

    Flux.fromIterable(senders)
        .flatMap(s -> s.connect(receiver.localNode())
            .thenMany(Flux.range(0, 20)
                .flatMap(p -> s.send(receiver.localKey(), "proto/" + p, s.localKey().bytes()))))
        .then().block(TestNodes.TIMEOUT);

    for (int p = 0; p < 20; p++) {
      List<DirectMessage> messages = perProtocol.get(p).block(TestNodes.TIMEOUT);
      assertThat(messages).as("proto/%d", p).hasSize(100);
      assertThat(messages.stream().map(DirectMessage::sender).distinct()).hasSize(100);
    }
  }

  @Test
  void tenThousandMessagesArriveInOrderPerProtocolPerSender() {
    Switch receiver = nodes.start();
    Switch s1 = nodes.start();
    Switch s2 = nodes.start();
    int count = 10_000;
    Mono<List<DirectMessage>> a = receiver.direct("seq/a").take(2L * count).collectList().cache();
    Mono<List<DirectMessage>> b = receiver.direct("seq/b").take(2L * count).collectList().cache();
    a.subscribe(x -> { }, e -> { });
    b.subscribe(x -> { }, e -> { });

    Flux.just(s1, s2)
        .flatMap(s -> s.connect(receiver.localNode())
            .thenMany(Flux.range(0, count).flatMapSequential(i -> Flux.merge(
                s.send(receiver.localKey(), "seq/a", Integer.toString(i).getBytes()),
                s.send(receiver.localKey(), "seq/b", Integer.toString(i).getBytes())), 64)))
        .then().block(TestNodes.TIMEOUT.multipliedBy(3));

    for (List<DirectMessage> messages : List.of(a.block(TestNodes.TIMEOUT),
        b.block(TestNodes.TIMEOUT))) {
      Map<PublicKey, List<Integer>> bySender = messages.stream().collect(Collectors.groupingBy(
          DirectMessage::sender,
          Collectors.mapping(m -> Integer.parseInt(new String(m.payload())),
              Collectors.toList())));
      assertThat(bySender).hasSize(2);
      bySender.values().forEach(seq -> assertThat(seq).hasSize(count).isSorted());
    }
  }

  @Test
  void simultaneousDialsEndWithOneConnectionThatBothSidesAgreeOn() {
    for (int round = 0; round < 10; round++) {
      Switch a = nodes.start();
      Switch b = nodes.start();
      List<PeerEvent> eventsAtA = new java.util.concurrent.CopyOnWriteArrayList<>();
      List<PeerEvent> eventsAtB = new java.util.concurrent.CopyOnWriteArrayList<>();
      var subA = a.peerEvents().subscribe(eventsAtA::add);
      var subB = b.peerEvents().subscribe(eventsAtB::add);

      Mono.when(a.connect(b.localNode()), b.connect(a.localNode())).block(TestNodes.TIMEOUT);
      Mono<DirectMessage> atB = b.direct("x/1").next().cache();
      atB.subscribe(m -> { }, e -> { });
      a.send(b.localKey(), "x/1", text("after")).block(TestNodes.TIMEOUT);

      assertThat(atB.block(TestNodes.TIMEOUT).sender()).isEqualTo(a.localKey());
      assertThat(a.connectedPeers()).containsExactly(b.localKey());
      assertThat(b.connectedPeers()).containsExactly(a.localKey());
      assertThat(eventsAtA).hasSize(1).allMatch(e -> e instanceof PeerEvent.Connected);
      assertThat(eventsAtB).hasSize(1).allMatch(e -> e instanceof PeerEvent.Connected);
      subA.dispose();
      subB.dispose();
    }
  }
}
