package io.libonomy.p2p.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
