package io.libonomy.p2p.discovery;

import static io.libonomy.p2p.discovery.TestNodes.key;
import static io.libonomy.p2p.discovery.TestNodes.loopback;
import static io.libonomy.p2p.discovery.TestNodes.nodeIn16;
import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.identity.NodeInfo;
import io.libonomy.p2p.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Random adds, goods, attempts, removals, collision resolutions and clock jumps keep the book
 * consistent. The seed is printed in every assertion message; rerun one with
 * {@code -Dp2p.test.seed=<seed>}.
 */
class AddressBookRandomizedTest {

  private static final int OPERATIONS = 20_000;
  private static final int CHECK_EVERY = 500;

  @RepeatedTest(3)
  void randomOperationsKeepTheBookConsistent() {
    long seed = Long.getLong("p2p.test.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    MutableClock clock = TestNodes.clock();
    DefaultAddressBook book = new DefaultAddressBook(key(random), clock, random.split());
    // few groups, so buckets fill and collide; loopback nodes too
    List<NodeInfo> pool = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      pool.add(i % 10 == 0
          ? loopback(random, 1024 + random.nextInt(2000))
          : nodeIn16(random, 30 + random.nextInt(6), random.nextInt(4)));
    }
    List<NodeInfo> sources = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      sources.add(i == 0 ? loopback(random, 9999) : nodeIn16(random, 60 + i, 1));
    }

    for (int op = 1; op <= OPERATIONS; op++) {
      step(book, clock, random, pool.get(random.nextInt(pool.size())), sources);
      if (op % CHECK_EVERY == 0 || op == OPERATIONS) {
        assertThat(book.consistencyErrors()).as("seed %d, operation %d", seed, op).isEmpty();
        assertThat(book.size()).as("seed %d", seed)
            .isEqualTo(book.newCount() + book.triedCount())
            .isLessThanOrEqualTo(DefaultAddressBook.MAX_ENTRIES);
        assertThat(book.collisionCount()).as("seed %d", seed)
            .isLessThanOrEqualTo(DefaultAddressBook.MAX_COLLISIONS);
        assertThat(book.addressCache()).as("seed %d", seed)
            .hasSizeLessThanOrEqualTo(Math.max(4, DefaultAddressBook.GET_ADDR_MAX))
            .doesNotHaveDuplicates();
      }
    }
    assertThat(book.triedCount()).as("seed %d: some reached tried", seed).isPositive();
  }

  private static void step(DefaultAddressBook book, MutableClock clock, SplittableRandom random,
      NodeInfo node, List<NodeInfo> sources) {
    int dice = random.nextInt(100);
    if (dice < 50) {
      book.add(node, sources.get(random.nextInt(sources.size())));
    } else if (dice < 65) {
      book.good(node.id());
    } else if (dice < 80) {
      book.attempt(node.id());
    } else if (dice < 88) {
      book.remove(node.id());
    } else if (dice < 92) {
      book.resolveCollisions();
    } else if (dice < 96) {
      book.getAddress().ifPresent(a -> assertThat(book.lookup(a.id())).contains(a));
    } else if (dice < 99) {
      clock.advance(Duration.ofMinutes(random.nextInt(120)));
    } else {
      clock.advance(Duration.ofDays(random.nextInt(10)));
    }
  }
}
