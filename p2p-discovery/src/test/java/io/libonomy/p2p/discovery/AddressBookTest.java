package io.libonomy.p2p.discovery;

import static io.libonomy.p2p.discovery.TestNodes.ip;
import static io.libonomy.p2p.discovery.TestNodes.key;
import static io.libonomy.p2p.discovery.TestNodes.loopback;
import static io.libonomy.p2p.discovery.TestNodes.node;
import static io.libonomy.p2p.discovery.TestNodes.publicNode;
import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.identity.NodeInfo;
import io.libonomy.p2p.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The seed's addrbook_test in Java, plus the rules of {@link DefaultAddressBook}. */
class AddressBookTest {

  private final SplittableRandom random = new SplittableRandom(42);
  private final MutableClock clock = TestNodes.clock();
  private final PublicKey localKey = key(random);
  private final DefaultAddressBook book =
      new DefaultAddressBook(localKey, clock, new SplittableRandom(7));
  private final NodeInfo source = publicNode(random);

  private BookSnapshot.Entry saved(PublicKey id) {
    return book.snapshot().entries().stream()
        .filter(e -> e.address().id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void anAddressMarkedBadIsForgottenAndNotStoredAgainUntilItsTimeIsUp() {
    NodeInfo address = publicNode(random);
    book.add(address, source);
    book.good(address.id());

    book.markBad(address.id(), Duration.ofMinutes(10));

    assertThat(book.lookup(address.id())).isEmpty();
    assertThat(book.add(address, source)).isFalse();
    assertThat(book.addressCache()).doesNotContain(address);
    clock.advance(Duration.ofMinutes(10));
    assertThat(book.add(address, source)).isTrue();
    assertThat(book.lookup(address.id())).contains(address);
  }

  @Test
  void badMarksAreBounded() {
    for (int i = 0; i < DefaultAddressBook.MAX_BAD + 10; i++) {
      book.markBad(key(random), Duration.ofHours(1));
    }
    NodeInfo early = publicNode(random);
    book.markBad(early.id(), Duration.ofHours(1));
    for (int i = 0; i < DefaultAddressBook.MAX_BAD; i++) {
      book.markBad(key(random), Duration.ofHours(1));
    }

    assertThat(book.add(early, source)).as("the oldest mark was forgotten").isTrue();
  }

  @Test
  void attemptSetsLastAttemptAndKeepsTheAddressInNew() {
    NodeInfo address = publicNode(random);
    book.add(address, source);
    clock.advance(Duration.ofMinutes(3));

    book.attempt(address.id());

    assertThat(saved(address.id()).lastAttempt()).isEqualTo(clock.millis());
    assertThat(saved(address.id()).attempts()).isEqualTo(1);
    assertThat(book.newCount()).isEqualTo(1);
    assertThat(book.triedCount()).isZero();
  }

  @Test
  void goodMovesToTriedAndResetsAttempts() {
    NodeInfo address = publicNode(random);
    book.add(address, source);
    book.attempt(address.id());
    clock.advance(Duration.ofSeconds(5));

    book.good(address.id());

    BookSnapshot.Entry entry = saved(address.id());
    assertThat(entry.tried()).isTrue();
    assertThat(entry.attempts()).isZero();
    assertThat(entry.lastSuccess()).isEqualTo(clock.millis());
    assertThat(entry.lastSeen()).isEqualTo(clock.millis());
    assertThat(book.triedCount()).isEqualTo(1);
    assertThat(book.newCount()).isZero();
  }

  @Test
  void manyAddressesFromOneSourceAreBoundedAndTheCacheIsAQuarter() {
    // seed: 4096 loopback addresses in one bucket. Here loopback nodes are each their own
    // group, so the flood comes from one routable source: at most 64 buckets x 64 slots.
    List<NodeInfo> flood = new ArrayList<>();
    for (int i = 0; i < 4096; i++) {
      flood.add(publicNode(random));
    }

    book.addAll(flood, source);
    flood.forEach(a -> book.good(a.id()));

    int count = book.size();
    assertThat(count).isPositive().isLessThan(4096);
    assertThat(book.addressCache()).hasSizeLessThan(count / 4);
    assertThat(book.consistencyErrors()).isEmpty();
  }

  @Test
  void getAddressIsEmptyOnAnEmptyBook() {
    assertThat(book.getAddress()).isEmpty();
  }

  @Test
  void getAddressReturnsTheOnlyAddressBeforeAndAfterGood() {
    NodeInfo address = publicNode(random);
    book.add(address, source);
    assertThat(book.getAddress()).contains(address);

    book.good(address.id());

    assertThat(book.getAddress()).contains(address);
    assertThat(book.size()).isEqualTo(1);
  }

  @Test
  void lookupFailsBeforeAddAndSucceedsAfterManyMore() {
    NodeInfo address = publicNode(random);
    assertThat(book.lookup(address.id())).isEmpty();

    book.add(address, source);
    for (int i = 0; i < 100; i++) {
      book.add(publicNode(random), publicNode(random));
    }

    assertThat(book.lookup(address.id())).contains(address);
  }

  @Test
  void neverAddsThisNode() {
    NodeInfo self = new NodeInfo(localKey, ip(8, 8, 4, 4), 7513, 7513);

    assertThat(book.add(self, source)).isFalse();
    assertThat(book.addAll(List.of(self, self), self)).isZero();
    assertThat(book.size()).isZero();
  }

  @Test
  void refusesInvalidEntries() {
    List<NodeInfo> invalid = List.of(
        node(random, ip("0.0.0.0"), 7513),
        node(random, ip("::"), 7513),
        node(random, ip(224, 0, 0, 1), 7513),
        node(random, ip("ff02::1"), 7513),
        node(random, ip(255, 255, 255, 255), 7513),
        new NodeInfo(key(random), ip(8, 8, 8, 8), 0, 7513),
        new NodeInfo(key(random), ip(8, 8, 8, 8), 7513, 0),
        new NodeInfo(PublicKey.of(LowOrderKeys.points().get(2)), ip(8, 8, 8, 8), 7513, 7513));

    assertThat(book.addAll(invalid, source)).isZero();
    assertThat(book.size()).isZero();
  }

  @Test
  void ignoresUnroutableAddressesFromARoutableSource() {
    NodeInfo lan = node(random, ip(192, 168, 1, 20), 7513);
    NodeInfo lanSource = node(random, ip(192, 168, 1, 1), 7513);

    assertThat(book.add(lan, source)).isFalse();
    assertThat(book.add(loopback(random, 7000), source)).isFalse();
    assertThat(book.add(lan, lanSource)).isTrue();
    assertThat(book.add(publicNode(random), lanSource)).isTrue();
  }

  @Test
  void knownIdRefreshesLastSeenButKeepsItsFirstAddress() {
    NodeInfo address = publicNode(random);
    book.add(address, source);
    clock.advance(Duration.ofHours(1));

    assertThat(book.add(address, publicNode(random))).isFalse();
    assertThat(saved(address.id()).lastSeen()).isEqualTo(clock.millis());

    NodeInfo moved = new NodeInfo(address.id(), ip(9, 9, 9, 9), 1234, 1234);
    assertThat(book.add(moved, source)).isFalse();
    assertThat(book.lookup(address.id())).contains(address);
    assertThat(book.size()).isEqualTo(1);
  }

  @Test
  void anAddressHeardFromManySourcesTakesAtMostEightNewBuckets() {
    NodeInfo address = publicNode(random);
    for (int i = 0; i < 2000; i++) {
      book.add(address, publicNode(random));
    }

    assertThat(saved(address.id()).buckets()).hasSizeBetween(2, KnownAddress.MAX_NEW_REFS);
    assertThat(book.consistencyErrors()).isEmpty();

    book.good(address.id());

    assertThat(saved(address.id()).buckets()).hasSize(1);
    assertThat(book.consistencyErrors()).isEmpty();
  }

  @Test
  void removeForgetsAnAddressInEitherTable() {
    NodeInfo fresh = publicNode(random);
    NodeInfo tried = publicNode(random);
    book.add(fresh, source);
    book.add(tried, source);
    book.good(tried.id());

    book.remove(fresh.id());
    book.remove(tried.id());
    book.remove(key(random));

    assertThat(book.size()).isZero();
    assertThat(book.newCount()).isZero();
    assertThat(book.triedCount()).isZero();
    assertThat(book.getAddress()).isEmpty();
    assertThat(book.consistencyErrors()).isEmpty();
  }

  @Test
  void unknownKeysAreIgnoredByAttemptAndGood() {
    book.attempt(key(random));
    book.good(key(random));

    assertThat(book.size()).isZero();
  }

  @Test
  void addressCacheIsTwentyThreePercentAtLeastThirtyTwoCappedAtThreeHundred() {
    for (int i = 0; i < 4; i++) {
      book.add(publicNode(random), publicNode(random));
    }
    assertThat(book.addressCache()).hasSize(4);

    for (int i = 0; i < 96; i++) {
      book.add(publicNode(random), publicNode(random));
    }
    assertThat(book.addressCache()).hasSize(32).doesNotHaveDuplicates();

    for (int i = 0; i < 200; i++) {
      book.add(publicNode(random), publicNode(random));
    }
    int size = book.size();
    List<NodeInfo> cache = book.addressCache();
    assertThat(cache).hasSize(size * 23 / 100).doesNotHaveDuplicates();

    for (int i = 0; i < 3000; i++) {
      book.add(publicNode(random), publicNode(random));
    }
    assertThat(book.addressCache()).hasSize(300).doesNotHaveDuplicates();
  }

  @Test
  void addressesThatLookDeadAreNotShared() {
    NodeInfo dead = publicNode(random);
    NodeInfo alive = publicNode(random);
    book.add(dead, source);
    book.add(alive, source);
    for (int i = 0; i < 3; i++) { // never succeeded, 3 attempts, the last over a minute ago
      book.attempt(dead.id());
    }
    clock.advance(java.time.Duration.ofMinutes(2));

    assertThat(book.addressCache()).containsExactly(alive);
  }

  @Test
  void needsNewAddressesWhenFewerNewThanTriedAndBelowThreshold() {
    assertThat(book.needNewAddresses()).isFalse();
    NodeInfo a = publicNode(random);
    book.add(a, source);
    assertThat(book.needNewAddresses()).isFalse();

    book.good(a.id());

    assertThat(book.needNewAddresses()).isTrue();
  }

  @Test
  void getAddressAvoidsAnAddressAttemptedJustNow() {
    NodeInfo attempted = publicNode(random);
    NodeInfo other = publicNode(random);
    book.add(attempted, source);
    book.add(other, source);
    book.attempt(attempted.id());

    int otherChosen = 0;
    for (int i = 0; i < 1000; i++) {
      if (book.getAddress().orElseThrow().equals(other)) {
        otherChosen++;
      }
    }

    // odds 1 : 0.01 before the factor grows; far above 90 % in practice
    assertThat(otherChosen).isGreaterThan(900);
  }

  @Test
  void getAddressDrawsFromTriedAndNewAboutEqually() {
    Set<NodeInfo> tried = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      NodeInfo a = publicNode(random);
      book.add(a, publicNode(random));
      if (i < 5) {
        book.good(a.id());
        tried.add(a);
      }
    }
    int fromTried = 0;
    for (int i = 0; i < 2000; i++) {
      if (tried.contains(book.getAddress().orElseThrow())) {
        fromTried++;
      }
    }

    assertThat(fromTried).isBetween(850, 1150);
  }

  @Test
  void storesNearlyAllOfALocalNetworkOnOneLoopbackAddress() {
    NodeInfo localSource = loopback(random, 7000);
    List<NodeInfo> network = new ArrayList<>();
    for (int port = 7001; port <= 7500; port++) {
      network.add(loopback(random, port));
    }

    int stored = book.addAll(network, localSource);
    network.forEach(n -> book.good(n.id()));

    // each loopback node is its own group: 500 entries over 65,536 slots, a few collide
    assertThat(stored).isGreaterThanOrEqualTo(475);
    assertThat(book.triedCount() + book.collisionCount()).isGreaterThanOrEqualTo(stored - 10);
    assertThat(book.consistencyErrors()).isEmpty();
  }
}
