package io.libonomy.p2p.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.api.InvalidConfigException;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  @Test
  void ofBuildsTheSameValueAsTheConstructor() {
    assertThat(RateLimit.of(50, 100)).isEqualTo(new RateLimit(50, 100));
  }

  @Test
  void acceptsTheSmallestRate() {
    assertThat(RateLimit.of(1, 1).perSecond()).isEqualTo(1);
  }

  @Test
  void rejectsARateOrBurstBelowOne() {
    assertThatThrownBy(() -> RateLimit.of(0, 1))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("rate limit perSecond must be >= 1, got 0");
    assertThatThrownBy(() -> RateLimit.of(1, -5))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("rate limit burst must be >= 1, got -5");
  }
}
