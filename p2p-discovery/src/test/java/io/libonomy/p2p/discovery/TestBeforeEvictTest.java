package io.libonomy.p2p.discovery;

import static io.libonomy.p2p.discovery.TestNodes.key;
import static io.libonomy.p2p.discovery.TestNodes.nodeIn16;
import static io.libonomy.p2p.discovery.TestNodes.publicNode;
import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.identity.NodeInfo;
import io.libonomy.p2p.testing.MutableClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A tried slot changes hands only after its incumbent was found wanting (test-before-evict). */
class TestBeforeEvictTest {

  private final SplittableRandom random = new SplittableRandom(5);
  private final MutableClock clock = TestNodes.clock();
  private final DefaultAddressBook book =
      new DefaultAddressBook(key(random), clock, new SplittableRandom(6));
  private NodeInfo incumbent;
  private NodeInfo newcomer;

  /** Two addresses of one /16 whose tried slot is the same, both stored in new. */
  @BeforeEach
  void findACollidingPair() {
    BucketHasher hasher = book.hasher();
    Map<Long, NodeInfo> bySlot = new HashMap<>();
    while (newcomer == null) {
      NodeInfo candidate = nodeIn16(random, 40, 41);
      int bucket = hasher.triedBucket(candidate);
      long slot = bucket * 64L + hasher.triedPosition(bucket, candidate);
      NodeInfo earlier = bySlot.putIfAbsent(slot, candidate);
      if (earlier != null) {
        incumbent = earlier;
        newcomer = candidate;
      }
    }
    assertThat(book.add(incumbent, publicNode(random))).isTrue();
    assertThat(book.add(newcomer, publicNode(random))).isTrue();
    book.good(incumbent.id());
  }

  private boolean isTried(NodeInfo node) {
    return book.snapshot().entries().stream()
        .anyMatch(e -> e.address().equals(node) && e.tried());
  }

  @Test
  void aCollidingNewcomerWaitsInNew() {
    book.good(newcomer.id());

    assertThat(isTried(incumbent)).isTrue();
    assertThat(isTried(newcomer)).isFalse();
    assertThat(book.collisionCount()).isEqualTo(1);
    assertThat(book.selectTriedCollision()).contains(incumbent);
    assertThat(book.consistencyErrors()).isEmpty();
  }

  @Test
  void aGoodIncumbentIsNotEvicted() {
    clock.advance(Duration.ofHours(1));
    book.good(newcomer.id());

    book.resolveCollisions();

    assertThat(isTried(incumbent)).isTrue();
    assertThat(isTried(newcomer)).isFalse();
    assertThat(book.lookup(newcomer.id())).contains(newcomer);
    assertThat(book.collisionCount()).isZero();
  }

  @Test
  void aBadIncumbentIsEvictedBackToNew() {
    clock.advance(Duration.ofDays(31)); // the incumbent was last seen a month ago: bad
    book.add(newcomer, publicNode(random));
    book.good(newcomer.id());

    book.resolveCollisions();

    assertThat(isTried(newcomer)).isTrue();
    assertThat(isTried(incumbent)).isFalse();
    assertThat(book.triedCount()).isEqualTo(1);
    assertThat(book.collisionCount()).isZero();
    assertThat(book.consistencyErrors()).isEmpty();
  }

  @Test
  void anIncumbentThatFailsItsTestIsEvicted() {
    clock.advance(Duration.ofHours(5));
    book.good(newcomer.id());
    book.attempt(incumbent.id());

    book.resolveCollisions();
    assertThat(isTried(incumbent)).as("given a minute to connect").isTrue();
    assertThat(book.collisionCount()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(2));
    book.resolveCollisions();

    assertThat(isTried(newcomer)).isTrue();
    assertThat(isTried(incumbent)).isFalse();
    assertThat(book.consistencyErrors()).isEmpty();
  }

  @Test
  void anIncumbentThatPassesItsTestStays() {
    clock.advance(Duration.ofHours(5));
    book.good(newcomer.id());
    book.attempt(incumbent.id());
    book.good(incumbent.id());
    clock.advance(Duration.ofMinutes(2));

    book.resolveCollisions();

    assertThat(isTried(incumbent)).isTrue();
    assertThat(isTried(newcomer)).isFalse();
    assertThat(book.collisionCount()).isZero();
  }

  @Test
  void anUntestedIncumbentIsEvictedAfterTheTestWindow() {
    clock.advance(Duration.ofHours(5));
    book.good(newcomer.id());
    book.resolveCollisions();
    assertThat(isTried(incumbent)).isTrue();

    clock.advance(Duration.ofMinutes(41));
    book.resolveCollisions();

    assertThat(isTried(newcomer)).isTrue();
    assertThat(book.consistencyErrors()).isEmpty();
  }

  @Test
  void aRemovedIncumbentLeavesTheSlotToTheNewcomer() {
    book.good(newcomer.id());
    book.remove(incumbent.id());

    book.resolveCollisions();

    assertThat(isTried(newcomer)).isTrue();
    assertThat(book.collisionCount()).isZero();
  }

  @Test
  void theCollisionSetHoldsAtMostTen() {
    BucketHasher hasher = book.hasher();
    int bucket = hasher.triedBucket(incumbent);
    int position = hasher.triedPosition(bucket, incumbent);
    int found = 0;
    while (found < 15) {
      NodeInfo candidate = nodeIn16(random, 40, 41);
      int b = hasher.triedBucket(candidate);
      if (b == bucket && hasher.triedPosition(b, candidate) == position
          && book.add(candidate, publicNode(random))) {
        book.good(candidate.id());
        found++;
      }
    }

    assertThat(book.collisionCount()).isEqualTo(DefaultAddressBook.MAX_COLLISIONS);
    assertThat(book.triedCount()).isEqualTo(1);
  }
}
