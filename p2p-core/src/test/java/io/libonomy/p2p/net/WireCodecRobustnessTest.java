package io.libonomy.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.libonomy.p2p.api.MalformedMessageException;
import io.libonomy.p2p.testing.Hex;
import io.libonomy.p2p.testing.WireVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Decoders fed arbitrary bytes either decode or throw {@link MalformedMessageException}. */
class WireCodecRobustnessTest {

  private static final int INPUTS = 10_000;
  private static final int MAX_FAILURES_SHOWN = 5;

  @Test
  void randomGarbageNeverThrowsAnythingButMalformedMessage() {
    long seed = Long.getLong("wire.fuzz.seed", System.nanoTime());
    Random random = new Random(seed);
    List<String> failures = new ArrayList<>();

    for (int i = 0; i < INPUTS; i++) {
      byte[] input = new byte[random.nextInt(65)];
      random.nextBytes(input);
      decodeWithEveryDecoder(input, failures);
    }

    assertThat(failures)
        .as("seed %d (rerun with -Dwire.fuzz.seed=%d)", seed, seed)
        .isEmpty();
  }

  @Test
  void mutatedVectorsNeverThrowAnythingButMalformedMessage() {
    long seed = Long.getLong("wire.fuzz.seed", System.nanoTime());
    Random random = new Random(seed);
    List<byte[]> valid = validEncodings();
    List<String> failures = new ArrayList<>();

    for (int i = 0; i < INPUTS; i++) {
      byte[] input = mutate(valid.get(random.nextInt(valid.size())), random);
      decodeWithEveryDecoder(input, failures);
    }

    assertThat(failures)
        .as("seed %d (rerun with -Dwire.fuzz.seed=%d)", seed, seed)
        .isEmpty();
  }

  private static void decodeWithEveryDecoder(byte[] input, List<String> failures) {
    for (String structure : WireVectors.DECODED_STRUCTURES) {
      Throwable thrown = catchThrowable(() -> WireVectors.decode(structure, input));
      if (thrown != null && !(thrown instanceof MalformedMessageException)
          && failures.size() < MAX_FAILURES_SHOWN) {
        failures.add(structure + " " + Hex.encode(input) + " -> " + thrown);
      }
    }
  }

  private static List<byte[]> validEncodings() {
    List<byte[]> valid = new ArrayList<>();
    valid.add(WireVectors.bytes("/handshake/m1"));
    valid.add(WireVectors.bytes("/handshake/m2"));
    WireVectors.node("/transport").forEach(t -> valid.add(Hex.decode(t.path("envelope").asText())));
    for (String name : Set.of("ping", "pingAnswer", "getAddresses", "getAddressesAnswer")) {
      valid.add(WireVectors.bytes("/udp/" + name + "/plaintext"));
    }
    for (String section : List.of("indefiniteLength", "lenient")) {
      WireVectors.entries(section).forEach(e -> valid.add(e.cbor()));
    }
    return valid;
  }

  /** Flips, replaces, inserts or drops a few bytes, or truncates. */
  private static byte[] mutate(byte[] original, Random random) {
    byte[] bytes = original.clone();
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits && bytes.length > 0; e++) {
      int at = random.nextInt(bytes.length);
      switch (random.nextInt(5)) {
        case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
        case 1 -> bytes[at] = (byte) random.nextInt(256);
        case 2 -> bytes = splice(bytes, at, new byte[] {(byte) random.nextInt(256)}, 0);
        case 3 -> bytes = splice(bytes, at, new byte[0], 1);
        default -> bytes = java.util.Arrays.copyOf(bytes, at);
      }
    }
    return bytes;
  }

  private static byte[] splice(byte[] bytes, int at, byte[] insert, int remove) {
    byte[] out = new byte[bytes.length - remove + insert.length];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(bytes, at + remove, out, at + insert.length, bytes.length - at - remove);
    return out;
  }
}
