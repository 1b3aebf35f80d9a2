package io.libonomy.p2p.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The seed's DoubleCache test (common/types/doublecache_test.go) and the bound. */
class SeenCacheTest {

  private static MessageId id(int i) {
    return new MessageId(i, i);
  }

  @Test
  void fillsTheFirstGenerationThenTheSecondThenRotates() {
    SeenCache cache = new SeenCache(10);
    for (int i = 0; i < 10; i++) {
      assertThat(cache.seenOrInsert(id(i))).isFalse();
    }
    assertThat(cache.generationSizes()).containsExactly(10, 0);
    for (int i = 10; i < 20; i++) {
      assertThat(cache.seenOrInsert(id(i))).isFalse();
    }
    assertThat(cache.generationSizes()).containsExactly(10, 10);

    assertThat(cache.seenOrInsert(id(20))).isFalse();

    assertThat(cache.generationSizes()).containsExactly(10, 1);
    assertThat(cache.seenOrInsert(id(19))).as("a recent id is still known").isTrue();
    assertThat(cache.seenOrInsert(id(20))).isTrue();
    assertThat(cache.contains(id(0))).as("the very first id is forgotten").isFalse();
  }

  @Test
  void neverHoldsMoreThanTwoGenerations() {
    SeenCache cache = new SeenCache(100);
    for (int i = 0; i < 100_000; i++) {
      cache.seenOrInsert(id(i));
      int[] sizes = cache.generationSizes();
      assertThat(sizes[0] + sizes[1]).isLessThanOrEqualTo(200);
    }
  }

  @Test
  void aNonPositiveSizeIsRefused() {
    assertThatThrownBy(() -> new SeenCache(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void agreesWithASetBasedModelOfTheTwoGenerationsOverRandomTraffic() {
    SplittableRandom random = new SplittableRandom(20261206L);
    int generation = 300;
    SeenCache cache = new SeenCache(generation, random.nextLong());
    Model model = new Model(generation);
    Deque<MessageId> recent = new ArrayDeque<>();
    for (int step = 0; step < 200_000; step++) {
      MessageId id;
      if (!recent.isEmpty() && random.nextInt(3) == 0) {
        // a repeat, from anywhere in the last 1,000 ids: some still remembered, some forgotten
        id = recent.stream().skip(random.nextInt(recent.size())).findFirst().orElseThrow();
      } else {
        id = new MessageId(random.nextLong(), random.nextInt());
      }
      recent.addLast(id);
      if (recent.size() > 1_000) {
        recent.removeFirst();
      }
      assertThat(cache.seenOrInsert(id)).as("step %d", step).isEqualTo(model.seenOrInsert(id));
      assertThat(cache.generationSizes()).containsExactly(model.first.size(), model.second.size());
    }
  }

  @Test
  void idsThatShareMostOfTheirBitsAreStillToldApart() {
    SeenCache cache = new SeenCache(5_000, 1);
    for (int i = 0; i < 2_000; i++) {
      assertThat(cache.seenOrInsert(new MessageId((long) i << 40, 0))).isFalse();
      assertThat(cache.seenOrInsert(new MessageId(0, i))).isEqualTo(i == 0);
    }
    assertThat(cache.contains(new MessageId(0, 0))).isTrue();
    assertThat(cache.contains(new MessageId(1999L << 40, 0))).isTrue();
    assertThat(cache.contains(new MessageId(2000L << 40, 0))).isFalse();
    assertThat(cache.contains(new MessageId(0, -1))).isFalse();
  }

  @Test
  void tablesStayWithinWhatAFullGenerationNeeds() {
    SeenCache cache = new SeenCache(100, 3);
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 100_000; i++) {
      cache.seenOrInsert(new MessageId(random.nextLong(), random.nextInt()));
    }
    // at most half full: 100 ids need 256 slots
    assertThat(cache.tableSlots()).containsOnly(256);
  }

  /** The seed's DoubleCache on two HashSets: the reference behaviour. */
  private static final class Model {
    private final int generation;
    private Set<MessageId> first = new HashSet<>();
    private Set<MessageId> second = new HashSet<>();

    Model(int generation) {
      this.generation = generation;
    }

    boolean seenOrInsert(MessageId id) {
      if (first.contains(id) || second.contains(id)) {
        return true;
      }
      if (first.size() < generation) {
        first.add(id);
      } else if (second.size() < generation) {
        second.add(id);
      } else {
        first = second;
        second = new HashSet<>();
        second.add(id);
      }
      return false;
    }
  }
}
