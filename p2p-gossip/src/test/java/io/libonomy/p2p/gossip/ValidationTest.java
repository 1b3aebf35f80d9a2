package io.libonomy.p2p.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.api.ProtocolSubscriptionException;
import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.crypto.PublicKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Accept, reject, ignore, the validation timeout, penalties and broadcast outcomes. */
class ValidationTest {

  private static final String PROTOCOL = "blocks/1";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private GossipFixture f = new GossipFixture(GossipSettings.defaults()
      .withValidationTimeout(TIMEOUT).withMaxInvalidPerMinute(3));
  private final Queue<GossipMessage> held = new ConcurrentLinkedQueue<>();
  private Disposable subscriber;

  @AfterEach
  void tearDown() {
    if (subscriber != null) {
      subscriber.dispose();
    }
    f.close();
  }

  private void validate(Consumer<GossipMessage> decision) {
    subscriber = f.gossip.messages(PROTOCOL, Priority.MID).subscribe(decision);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aRejectedMessageGoesNoFurther() {
    f.gossip.start().block();
    List<PublicKey> peers = f.connect(5);
    validate(GossipMessage::reject);

    f.gossip.receive(peers.get(0), PROTOCOL, bytes("bad"));

    assertThat(f.sent).isEmpty();
    assertThat(f.count(PROTOCOL, "rejected")).isEqualTo(1);
    assertThat(f.offenders).isEmpty();
    assertThat(f.gossip.inProgress()).isZero();
  }

  @Test
  void anIgnoredMessageIsNeitherRelayedNorPenalised() {
    f.gossip.start().block();
    List<PublicKey> peers = f.connect(5);
    validate(GossipMessage::ignore);

    for (int i = 0; i < 10; i++) {
      f.gossip.receive(peers.get(0), PROTOCOL, bytes("meh " + i));
    }

    assertThat(f.sent).isEmpty();
    assertThat(f.count(PROTOCOL, "ignored")).isEqualTo(10);
    assertThat(f.offenders).isEmpty();
  }

  @Test
  void theFirstDecisionWins() {
    f.gossip.start().block();
    f.connect(2);
    validate(held::add);
    f.gossip.receive(GossipFixture.key(), PROTOCOL, bytes("once"));
    GossipMessage m = held.poll();

    assertThat(m.accept()).isTrue();
    assertThat(m.reject()).isFalse();
    assertThat(m.ignore()).isFalse();
    assertThat(f.count(PROTOCOL, "accepted")).isEqualTo(1);
    assertThat(f.count(PROTOCOL, "rejected")).isZero();
    assertThat(f.sent).hasSize(2);
  }

  @Test
  void aMessageNotDecidedInTimeIsDroppedCountedAndNeverRelayed() {
    f.gossip.start().block();
    f.connect(3);
    validate(held::add);
    f.gossip.receive(GossipFixture.key(), PROTOCOL, bytes("slow"));

    f.time.advanceTimeBy(TIMEOUT.minusMillis(1));
    assertThat(f.dropped(PROTOCOL, "validation_timeout")).isZero();
    f.time.advanceTimeBy(Duration.ofMillis(1));

    assertThat(f.dropped(PROTOCOL, "validation_timeout")).isEqualTo(1);
    assertThat(held.poll().accept()).isFalse();
    assertThat(f.sent).isEmpty();
    assertThat(f.gossip.pendingValidations()).isZero();
  }

  @Test
  void aDecisionAfterTheDeadlineIsRefusedEvenBeforeTheSweepRuns() {
    f.gossip.start().block();
    f.connect(1);
    validate(held::add);
    f.gossip.receive(GossipFixture.key(), PROTOCOL, bytes("late"));
    // move the clock without running the timer task
    f.time.advanceTimeBy(Duration.ZERO);
    GossipMessage m = held.poll();
    f.time.advanceTimeBy(TIMEOUT.plusSeconds(1));

    assertThat(m.accept()).isFalse();
    assertThat(f.sent).isEmpty();
  }

  @Test
  void thousandUndecidedMessagesAllExpireAndTheTableEmptiesWithNoTimerLeft() {
    f.gossip.start().block();
    validate(held::add);
    for (int i = 0; i < 1_000; i++) {
      f.gossip.receive(GossipFixture.key(), PROTOCOL, bytes("m" + i));
      f.time.advanceTimeBy(Duration.ofMillis(1));
    }
    assertThat(f.gossip.pendingValidations()).isEqualTo(1_000);

    f.time.advanceTimeBy(TIMEOUT);

    assertThat(f.dropped(PROTOCOL, "validation_timeout")).isEqualTo(1_000);
    assertThat(f.gossip.pendingValidations()).isZero();
    assertThat(f.gossip.inProgress()).isZero();
    assertThat(f.gossip.validationTimerArmed()).isFalse();
  }

  @Test
  void decidedMessagesLeaveNoTimerBehindOnceSwept() {
    f.gossip.start().block();
    validate(GossipMessage::accept);
    for (int i = 0; i < 100; i++) {
      f.gossip.receive(GossipFixture.key(), PROTOCOL, bytes("ok" + i));
    }
    f.time.advanceTimeBy(TIMEOUT);

    assertThat(f.gossip.pendingValidations()).isZero();
    assertThat(f.gossip.validationTimerArmed()).isFalse();
    assertThat(f.dropped(PROTOCOL, "validation_timeout")).isZero();
  }

  @Test
  void aNeighbourOverTheInvalidLimitIsReportedOnce() {
    f.gossip.start().block();
    List<PublicKey> peers = f.connect(2);
    validate(GossipMessage::reject);

    for (int i = 0; i < 3; i++) {
      f.gossip.receive(peers.get(0), PROTOCOL, bytes("bad" + i));
    }
    assertThat(f.offenders).isEmpty();
    f.gossip.receive(peers.get(0), PROTOCOL, bytes("bad3"));
    f.gossip.receive(peers.get(0), PROTOCOL, bytes("bad4"));

    assertThat(f.offenders).containsExactly(peers.get(0));
    assertThat(f.registry.counter(GossipMeters.OFFENDERS).count()).isEqualTo(1);
  }

  @Test
  void rejectionsSpreadOverMinutesDoNotMakeAnOffender() {
    f.gossip.start().block();
    List<PublicKey> peers = f.connect(1);
    validate(GossipMessage::reject);

    for (int i = 0; i < 12; i++) {
      f.gossip.receive(peers.get(0), PROTOCOL, bytes("bad" + i));
      f.time.advanceTimeBy(Duration.ofSeconds(30));
    }

    assertThat(f.offenders).isEmpty();
  }

  @Test
  void aDepartedNeighbourIsForgottenByThePenaltyBox() {
    f.gossip.start().block();
    List<PublicKey> peers = f.connect(1);
    validate(GossipMessage::reject);
    f.gossip.receive(peers.get(0), PROTOCOL, bytes("bad"));
    assertThat(f.gossip.trackedOffenders()).isEqualTo(1);

    f.disconnect(peers.get(0));

    assertThat(f.gossip.trackedOffenders()).isZero();
  }

  @Test
  void aLocalBroadcastRejectedLocallyFailsWithItsReasonAndIsNotPenalised() {
    f.gossip.start().block();
    f.connect(3);
    validate(GossipMessage::reject);

    StepVerifier.create(f.gossip.broadcast(PROTOCOL, bytes("mine")))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(
            BroadcastException.class,
            b -> assertThat(b.reason()).isEqualTo(BroadcastException.Reason.REJECTED)))
        .verify(Duration.ofSeconds(5));
    assertThat(f.sent).isEmpty();
    assertThat(f.offenders).isEmpty();
  }

  @Test
  void broadcastWithoutSubscriberOrTwiceFailsWithATypedReason() {
    f.gossip.start().block();
    StepVerifier.create(f.gossip.broadcast(PROTOCOL, bytes("x")))
        .expectErrorSatisfies(e -> assertThat(((BroadcastException) e).reason())
            .isEqualTo(BroadcastException.Reason.NO_SUBSCRIBER))
        .verify(Duration.ofSeconds(5));

    validate(GossipMessage::accept);
    f.gossip.broadcast(PROTOCOL, bytes("x")).block();
    StepVerifier.create(f.gossip.broadcast(PROTOCOL, bytes("x")))
        .expectErrorSatisfies(e -> assertThat(((BroadcastException) e).reason())
            .isEqualTo(BroadcastException.Reason.DUPLICATE))
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void aBroadcastNobodyDecidesFailsWithValidationTimeout() {
    f.gossip.start().block();
    validate(held::add);

    StepVerifier.withVirtualTime(() -> f.gossip.broadcast(PROTOCOL, bytes("stuck")),
            () -> f.time, Long.MAX_VALUE)
        .expectSubscription()
        .thenAwait(TIMEOUT)
        .expectErrorSatisfies(e -> assertThat(((BroadcastException) e).reason())
            .isEqualTo(BroadcastException.Reason.VALIDATION_TIMEOUT))
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void closeFailsABroadcastInProgressWithShutdownAndCompletesTheSubscriber() {
    f.gossip.start().block();
    java.util.concurrent.atomic.AtomicBoolean completed =
        new java.util.concurrent.atomic.AtomicBoolean();
    subscriber = f.gossip.messages(PROTOCOL, Priority.HIGH)
        .doOnComplete(() -> completed.set(true))
        .subscribe(held::add);
    Mono<Void> broadcast = f.gossip.broadcast(PROTOCOL, bytes("pending")).cache();
    Disposable running = broadcast.subscribe(null, e -> { });
    try {
      assertThat(held).hasSize(1);

      f.gossip.close().block();

      StepVerifier.create(broadcast).expectError(ShutdownException.class)
          .verify(Duration.ofSeconds(5));
      assertThat(completed).isTrue();
      assertThat(f.dropped(PROTOCOL, "closed")).isEqualTo(1);
    } finally {
      running.dispose();
    }
  }

  @Test
  void aSecondSubscriberOfTheSameProtocolIsRefused() {
    validate(GossipMessage::accept);

    StepVerifier.create(f.gossip.messages(PROTOCOL, Priority.LOW))
        .expectError(ProtocolSubscriptionException.class)
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void aFullInboxDropsTheNewestAndCountsIt() {
    f.close();
    f = new GossipFixture(GossipSettings.defaults().withInboxCapacity(4));
    f.gossip.start().block();
    // a subscriber that takes nothing: every message stays queued
    reactor.core.publisher.BaseSubscriber<GossipMessage> idle =
        new reactor.core.publisher.BaseSubscriber<>() {
          @Override
          protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
            // no demand
          }
        };
    f.gossip.messages(PROTOCOL, Priority.HIGH).subscribe(idle);
    subscriber = idle;
    for (int i = 0; i < 100; i++) {
      f.gossip.receive(GossipFixture.key(), PROTOCOL, bytes("q" + i));
    }

    // 4 in the inbox, at most 32 (the prefetch) in the hop to the validation scheduler
    assertThat(f.dropped(PROTOCOL, "inbox_full")).isGreaterThanOrEqualTo(100 - 4 - 32);
    assertThat(f.count(PROTOCOL, "dropped")).isEqualTo(f.dropped(PROTOCOL, "inbox_full"));
  }
}
