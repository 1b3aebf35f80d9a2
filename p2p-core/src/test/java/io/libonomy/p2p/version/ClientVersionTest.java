package io.libonomy.p2p.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.api.InvalidVersionException;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ClientVersionTest {

  private static final long SEED = 0x5EED_7E55L;

  @ParameterizedTest(name = "{0} vs min {1} -> {2}")
  @CsvSource({
    // the seed's table (section 14), under this library's rules
    "go-libonomy/0.0.1, 0.0.1, true",
    "x/1.0.0, 0.0.1, true",
    "x/0.2.1, 0.0.1, true",
    "x/3.0.0, 0.5.3, true",
    "x/0.2.0, 0.0.9, true",
    "x/5.5.1, 5.0.0, true",
    "x/1.3.1, 1.0.1, true",
    "x/1.1.1, 2.0.0, false",
    "x/1.2.1, 1.2.4, false",
    "x/1.0.9, 1.1.0, false",
    "x/0.0.2, 0.0.1, true", // the seed ignored the patch number and said false
    "x/128.0.0, 0.0.1, true", // the seed's numbers were int8
    // this library's own shapes
    "libonomy-p2p-java/0.1.0-SNAPSHOT, 0.1.0, true",
    "interop-js/0.1.0, 0.1.0, true",
    "1.2.3-SNAPSHOT, 1.2.3, true",
    "1.2.3+build.5, 1.2.3, true",
    "1.2.3, x/1.2.3, true",
    "0.0.9, 0.1.0, false",
    "0.1.0-SNAPSHOT, 0.1.1, false",
    "10.0.0, 9.0.0, true",
    "1.10.0, 1.9.0, true",
    "1.9.0, 1.10.0, false",
    "01.02.03, 1.2.3, true",
    "999999999.999999999.999999999, 0.1.0, true",
    "x/1.0, 0.0.1, false", // unparseable: not accepted
  })
  void acceptsVersionsAtLeastTheMinimum(String version, String min, boolean accepted) {
    assertThat(ClientVersion.accepts(version, ClientVersion.parse(min))).isEqualTo(accepted);
  }

  static Stream<Arguments> invalidVersions() {
    return Stream.of(
        Arguments.of("", "major number must be 1-9 ASCII digits"),
        Arguments.of("x.d.1", "major number must be 1-9 ASCII digits"),
        Arguments.of("x.2.1", "major number must be 1-9 ASCII digits"),
        Arguments.of("h.d.a", "major number must be 1-9 ASCII digits"),
        Arguments.of("1.d.1", "minor number must be 1-9 ASCII digits"),
        Arguments.of("\u0661.2.3", "major number must be 1-9 ASCII digits"),
        Arguments.of("x/1.\u0662.3", "minor number must be 1-9 ASCII digits"),
        Arguments.of("x/1.2.\uff13", "patch number must be 1-9 ASCII digits"),
        Arguments.of("ver/ybadclient/0.0.1", "major number must be 1-9 ASCII digits"),
        Arguments.of("x/1.0", "missing '.' before the patch"),
        Arguments.of("x/1", "missing '.' before the minor"),
        Arguments.of("1.2.", "patch number must be 1-9 ASCII digits"),
        Arguments.of("1..3", "minor number must be 1-9 ASCII digits"),
        Arguments.of(".1.2.3", "major number must be 1-9 ASCII digits"),
        Arguments.of("v1.2.3", "major number must be 1-9 ASCII digits"),
        Arguments.of("-1.2.3", "major number must be 1-9 ASCII digits"),
        Arguments.of("1.2.3x", "unexpected 'x' after the patch number"),
        Arguments.of("1.2.3.4", "unexpected '.' after the patch number"),
        Arguments.of("1.2.3 ", "unexpected ' ' after the patch number"),
        Arguments.of("1.2.3\n", "unexpected '\\u000a' after the patch number"),
        Arguments.of("1234567890.0.0", "major number must be 1-9 ASCII digits"),
        Arguments.of("1.1234567890.0", "minor number must be 1-9 ASCII digits"),
        Arguments.of("1.0.1234567890", "patch number must be 1-9 ASCII digits"),
        Arguments.of("/1.2.3", "empty name before '/'"),
        Arguments.of("a".repeat(65) + "/1.2.3", "name longer than 64 characters"),
        Arguments.of("a b/1.2.3", "name contains ' '"),
        Arguments.of("caf\u00e9/1.2.3", "name contains '\\u00e9'"),
        Arguments.of("x/1.2.3-" + "a".repeat(121), "longer than 128 bytes"),
        Arguments.of("x/1.2.3-" + "\u00e9".repeat(61), "longer than 128 bytes"));
  }

  @ParameterizedTest
  @MethodSource("invalidVersions")
  void rejectsInvalidVersionsNamingTheProblem(String text, String problem) {
    assertThatThrownBy(() -> ClientVersion.parse(text))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageStartingWith("invalid client version '")
        .hasMessageContaining(problem);
    assertThat(ClientVersion.accepts(text, ClientVersion.parse("0.0.0"))).isFalse();
  }

  @Test
  void parsesTheNameAndNumbers() {
    assertThat(ClientVersion.parse("libonomy-p2p-java/0.1.0-SNAPSHOT"))
        .isEqualTo(new ClientVersion("libonomy-p2p-java", 0, 1, 0));
    assertThat(ClientVersion.parse("1.2.3+build.5")).isEqualTo(new ClientVersion(null, 1, 2, 3));
  }

  @Test
  void acceptsExactly128Bytes() {
    String text = "x/1.2.3-" + "a".repeat(120);

    assertThat(text).hasSize(128);
    assertThat(ClientVersion.parse(text).patch()).isEqualTo(3);
  }

  @Test
  void acceptsA64CharacterNameOfEveryAllowedCharacter() {
    String name = "ABCXYZabcxyz0189._-".repeat(4).substring(0, 64);

    assertThat(ClientVersion.parse(name + "/1.2.3").name()).isEqualTo(name);
  }

  @Test
  void formatsWithoutTheSuffix() {
    assertThat(ClientVersion.parse("interop-js/0.1.0-rc.1")).hasToString("interop-js/0.1.0");
    assertThat(ClientVersion.parse("0.1.0")).hasToString("0.1.0");
  }

  @Test
  void comparesByNumbersOnlyOverRandomVersions() {
    Random random = new Random(SEED);
    for (int i = 0; i < 5_000; i++) {
      int[] a = {random.nextInt(4), random.nextInt(4), random.nextInt(4)};
      int[] b = {random.nextInt(4), random.nextInt(4), random.nextInt(4)};
      ClientVersion va = ClientVersion.parse("a/" + a[0] + "." + a[1] + "." + a[2] + "-x");
      ClientVersion vb = ClientVersion.parse(b[0] + "." + b[1] + "." + b[2]);

      assertThat(va.isAtLeast(vb))
          .as("seed %d: %s >= %s", SEED, va, vb)
          .isEqualTo(Arrays.compare(a, b) >= 0);
      assertThat(ClientVersion.parse(va.toString())).as("seed %d", SEED).isEqualTo(va);
    }
  }

  @Test
  void constructorRejectsBadNamesAndNumbers() {
    assertThatThrownBy(() -> new ClientVersion("a b", 1, 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name contains ' '");
    assertThatThrownBy(() -> new ClientVersion(null, -1, 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("major must be 0..999999999, got -1");
    assertThatThrownBy(() -> new ClientVersion(null, 1, 2, 1_000_000_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("patch must be 0..999999999, got 1000000000");
  }
}
