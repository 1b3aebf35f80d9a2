package io.libonomy.p2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.api.CryptoException;
import io.libonomy.p2p.testing.Hex;
import io.libonomy.p2p.testing.WireVectors;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretBoxTest {

  private static final byte[] KEY = NaclVectors.FIRST_KEY;
  private static final byte[] NONCE = NaclVectors.NONCE;
  private static final byte[] MESSAGE = NaclVectors.MESSAGE;
  private static final byte[] BOX = NaclVectors.BOX;

  static IntStream transportFrames() {
    return IntStream.range(0, WireVectors.node("/transport").size());
  }

  @ParameterizedTest(name = "transport[{0}]")
  @MethodSource("transportFrames")
  void reproducesTransportFrameByteForByte(int index) {
    String frame = "/transport/" + index;
    byte[] key = WireVectors.bytes("/handshake/" + WireVectors.node(frame + "/key").asText());
    byte[] nonce = WireVectors.bytes(frame + "/nonce");
    byte[] envelope = WireVectors.bytes(frame + "/envelope");
    byte[] body = WireVectors.bytes(frame + "/body");

    assertThat(Hex.encode(SecretBox.seal(key, nonce, envelope))).isEqualTo(Hex.encode(body));
    assertThat(SecretBox.open(key, nonce, body)).isEqualTo(envelope);
  }

  @Test
  void reproducesNaclSecretboxVector() {
    assertThat(Hex.encode(SecretBox.seal(KEY, NONCE, MESSAGE))).isEqualTo(Hex.encode(BOX));
    assertThat(SecretBox.open(KEY, NONCE, BOX)).isEqualTo(MESSAGE);
  }

  @Test
  void sealsEmptyMessageToTagOnlyAndOpensItToEmpty() {
    byte[] box = SecretBox.seal(KEY, NONCE, new byte[0]);

    assertThat(box).hasSize(SecretBox.TAG_LENGTH);
    assertThat(SecretBox.open(KEY, NONCE, box)).isEmpty();
  }

  @ParameterizedTest(name = "bit {0}")
  @ValueSource(ints = {0, 7, 64, 127})
  void rejectsFlippedTagBit(int bit) {
    assertDoesNotOpen(KEY, NONCE, flipBit(BOX, bit));
  }

  @ParameterizedTest(name = "bit {0}")
  @ValueSource(ints = {128, 129, 600, 147 * 8 - 1})
  void rejectsFlippedCiphertextBit(int bit) {
    assertDoesNotOpen(KEY, NONCE, flipBit(BOX, bit));
  }

  @Test
  void rejectsWrongNonce() {
    assertDoesNotOpen(KEY, flipBit(NONCE, 191), BOX);
    assertDoesNotOpen(KEY, flipBit(NONCE, 0), BOX);
  }

  @Test
  void rejectsWrongKey() {
    assertDoesNotOpen(flipBit(KEY, 0), NONCE, BOX);
    assertDoesNotOpen(new byte[SecretBox.KEY_LENGTH], NONCE, BOX);
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 15})
  void rejectsBoxShorterThanTag(int length) {
    assertDoesNotOpen(KEY, NONCE, Arrays.copyOf(BOX, length));
    assertThatThrownBy(() -> SecretBox.open(KEY, NONCE, BOX, 0, length, new byte[0], 0))
        .isInstanceOf(CryptoException.class)
        .hasMessage("secretbox failed to open");
  }

  @Test
  void rejectsTruncatedBox() {
    assertDoesNotOpen(KEY, NONCE, Arrays.copyOf(BOX, BOX.length - 1));
    assertDoesNotOpen(KEY, NONCE, Arrays.copyOf(BOX, SecretBox.TAG_LENGTH));
  }

  @Test
  void leavesOutputUntouchedWhenTagFails() {
    byte[] out = new byte[MESSAGE.length];
    Arrays.fill(out, (byte) 0x5a);
    byte[] forged = flipBit(BOX, 200);

    assertThatThrownBy(() -> SecretBox.open(KEY, NONCE, forged, 0, forged.length, out, 0))
        .isInstanceOf(CryptoException.class);
    assertThat(out).containsOnly((byte) 0x5a);
  }

  @Test
  void sealsIntoOutputAtOffsetWithoutTouchingNeighbours() {
    byte[] message = new byte[3 + MESSAGE.length + 5];
    System.arraycopy(MESSAGE, 0, message, 3, MESSAGE.length);
    byte[] out = new byte[7 + BOX.length + 9];
    Arrays.fill(out, (byte) 0x11);

    SecretBox.seal(KEY, NONCE, message, 3, MESSAGE.length, out, 7);

    assertThat(Arrays.copyOfRange(out, 7, 7 + BOX.length)).isEqualTo(BOX);
    assertThat(Arrays.copyOfRange(out, 0, 7)).containsOnly((byte) 0x11);
    assertThat(Arrays.copyOfRange(out, 7 + BOX.length, out.length)).containsOnly((byte) 0x11);
    assertThat(SecretBox.seal(KEY, NONCE, message, 3, MESSAGE.length)).isEqualTo(BOX);
  }

  @Test
  void opensFromOffsetIntoOutputAtOffsetAndReturnsPlaintextLength() {
    byte[] box = new byte[4 + BOX.length + 2];
    System.arraycopy(BOX, 0, box, 4, BOX.length);
    byte[] out = new byte[6 + MESSAGE.length + 1];

    int length = SecretBox.open(KEY, NONCE, box, 4, BOX.length, out, 6);

    assertThat(length).isEqualTo(MESSAGE.length);
    assertThat(Arrays.copyOfRange(out, 6, 6 + length)).isEqualTo(MESSAGE);
    assertThat(SecretBox.open(KEY, NONCE, box, 4, BOX.length)).isEqualTo(MESSAGE);
  }

  @Test
  void sealsAndOpensInPlace() {
    byte[] buffer = new byte[SecretBox.TAG_LENGTH + MESSAGE.length];
    System.arraycopy(MESSAGE, 0, buffer, SecretBox.TAG_LENGTH, MESSAGE.length);

    SecretBox.seal(KEY, NONCE, buffer, SecretBox.TAG_LENGTH, MESSAGE.length, buffer, 0);
    assertThat(buffer).isEqualTo(BOX);

    SecretBox.open(KEY, NONCE, buffer, 0, buffer.length, buffer, SecretBox.TAG_LENGTH);
    assertThat(Arrays.copyOfRange(buffer, SecretBox.TAG_LENGTH, buffer.length)).isEqualTo(MESSAGE);
  }

  @Test
  void rejectsOutputTooSmallBeforeWriting() {
    byte[] out = new byte[BOX.length - 1];

    assertThatThrownBy(() -> SecretBox.seal(KEY, NONCE, MESSAGE, 0, MESSAGE.length, out, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(out).containsOnly((byte) 0);
  }

  @Test
  void rejectsKeyOrNonceOfWrongLength() {
    assertThatThrownBy(() -> SecretBox.seal(new byte[31], NONCE, MESSAGE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key");
    assertThatThrownBy(() -> SecretBox.open(KEY, new byte[8], BOX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nonce");
  }

  @Test
  void reinitialisesStateAfterAFailedOpen() {
    assertDoesNotOpen(flipBit(KEY, 3), NONCE, BOX);

    assertThat(SecretBox.seal(KEY, NONCE, MESSAGE)).isEqualTo(BOX);
    assertThat(SecretBox.seal(KEY, NONCE, MESSAGE)).isEqualTo(BOX);
  }

  @Test
  void roundTripsEveryLengthAcrossKeystreamBlocks() {
    byte[] message = new byte[300];
    for (int i = 0; i < message.length; i++) {
      message[i] = (byte) (i * 31 + 7);
    }
    byte[] whole = SecretBox.seal(KEY, NONCE, message);
    for (int length = 0; length <= message.length; length++) {
      byte[] box = SecretBox.seal(KEY, NONCE, message, 0, length);

      assertThat(box).as("length %d", length).hasSize(length + SecretBox.TAG_LENGTH);
      assertThat(SecretBox.open(KEY, NONCE, box))
          .as("length %d", length)
          .isEqualTo(Arrays.copyOf(message, length));
      assertThat(Arrays.copyOfRange(box, SecretBox.TAG_LENGTH, box.length))
          .as("keystream prefix at length %d", length)
          .isEqualTo(Arrays.copyOfRange(whole, SecretBox.TAG_LENGTH, box.length));
    }
  }

  @Test
  void givesTheSameBoxesOnManyThreadsAtOnce() {
    byte[][] expected =
        IntStream.range(0, 256).mapToObj(SecretBoxTest::boxNumbered).toArray(byte[][]::new);

    byte[][] parallel =
        IntStream.range(0, 256)
            .parallel()
            .mapToObj(SecretBoxTest::boxNumbered)
            .toArray(byte[][]::new);

    assertThat(parallel).isDeepEqualTo(expected);
  }

  /** Seals message {@code i} under key {@code i}; empty if the box does not open back to it. */
  private static byte[] boxNumbered(int i) {
    byte[] key = KEY.clone();
    key[0] = (byte) i;
    byte[] message = Arrays.copyOf(MESSAGE, i % MESSAGE.length);
    byte[] box = SecretBox.seal(key, NONCE, message);
    return Arrays.equals(SecretBox.open(key, NONCE, box), message) ? box : new byte[0];
  }

  private static void assertDoesNotOpen(byte[] key, byte[] nonce, byte[] box) {
    assertThatThrownBy(() -> SecretBox.open(key, nonce, box))
        .isInstanceOf(CryptoException.class)
        .hasMessage("secretbox failed to open");
  }

  private static byte[] flipBit(byte[] bytes, int bit) {
    byte[] copy = bytes.clone();
    copy[bit / 8] ^= (byte) (1 << (bit % 8));
    return copy;
  }
}
