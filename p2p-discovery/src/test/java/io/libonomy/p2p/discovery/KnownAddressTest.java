package io.libonomy.p2p.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.libonomy.p2p.identity.NodeInfo;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The seed's known_address_test: the chance table and the ten isBad cases (btcd's tables). */
class KnownAddressTest {

  private static final long NOW = TestNodes.START;
  private static final NodeInfo NODE = TestNodes.publicNode(new SplittableRandom(1));

  private static long ago(Duration d) {
    return NOW - d.toMillis();
  }

  private static KnownAddress entry(long lastSeen, int attempts, long lastAttempt,
      long lastSuccess) {
    KnownAddress entry = new KnownAddress(NODE, NODE, lastSeen);
    entry.attempts = attempts;
    entry.lastAttempt = lastAttempt;
    entry.lastSuccess = lastSuccess;
    return entry;
  }

  static Stream<Arguments> chanceTable() {
    long seen = ago(Duration.ofSeconds(35));
    return Stream.of(
        Arguments.of("normal case", entry(seen, 0, ago(Duration.ofMinutes(30)), NOW), 1.0),
        Arguments.of("last seen in the future",
            entry(NOW + 20_000, 0, ago(Duration.ofMinutes(30)), NOW), 1.0),
        Arguments.of("last attempt in the future",
            entry(seen, 0, NOW + Duration.ofMinutes(30).toMillis(), NOW), 0.01),
        Arguments.of("attempted 5 minutes ago", entry(seen, 0, ago(Duration.ofMinutes(5)), NOW),
            0.01),
        Arguments.of("two failed attempts", entry(seen, 2, ago(Duration.ofMinutes(30)), NOW),
            0.66 * 0.66),
        Arguments.of("attempts count at most 8", entry(seen, 50, ago(Duration.ofHours(1)), NOW),
            Math.pow(0.66, 8)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chanceTable")
  void chanceFollowsTheSeedTable(String name, KnownAddress entry, double expected) {
    assertThat(entry.chance(NOW)).isCloseTo(expected, within(1e-9));
  }

  static Stream<Arguments> badnessTable() {
    long future = NOW + Duration.ofMinutes(35).toMillis();
    long monthOld = ago(Duration.ofDays(43));
    long secondsOld = ago(Duration.ofSeconds(2));
    long minutesOld = ago(Duration.ofMinutes(27));
    long hoursOld = ago(Duration.ofHours(5));
    long never = 0;
    return Stream.of(
        Arguments.of("1: tried in the last minute (seen in the future)",
            entry(future, 3, secondsOld, never), false),
        Arguments.of("2: tried in the last minute (seen a month ago)",
            entry(monthOld, 3, secondsOld, never), false),
        Arguments.of("3: tried in the last minute (seen now)",
            entry(secondsOld, 3, secondsOld, never), false),
        Arguments.of("4: tried in the last minute (succeeded a month ago)",
            entry(secondsOld, 3, secondsOld, monthOld), false),
        Arguments.of("5: tried in the last minute (succeeded just now)",
            entry(secondsOld, 2, secondsOld, secondsOld), false),
        Arguments.of("6: claims to be from the future", entry(future, 0, minutesOld, hoursOld),
            true),
        Arguments.of("7: not seen for over a month", entry(monthOld, 0, minutesOld, hoursOld),
            true),
        Arguments.of("8: failed three times, never succeeded",
            entry(minutesOld, 3, minutesOld, never), true),
        Arguments.of("9: failed ten times, no success for a week",
            entry(minutesOld, 10, minutesOld, monthOld), true),
        Arguments.of("10: a valid address", entry(minutesOld, 2, minutesOld, hoursOld), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badnessTable")
  void isBadFollowsTheSeedCases(String name, KnownAddress entry, boolean bad) {
    assertThat(entry.isBad(NOW)).isEqualTo(bad);
  }
}
