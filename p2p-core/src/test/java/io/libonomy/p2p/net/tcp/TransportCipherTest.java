package io.libonomy.p2p.net.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.api.CryptoException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One direction of a session: counter nonces, and opening a frame where it lies. */
class TransportCipherTest {

  private static final byte[] KEY = new byte[32];

  static {
    new Random(7).nextBytes(KEY);
  }

  @Test
  void openingInPlaceLeavesThePlaintextAfterTheTagAndMatchesOpen() {
    TransportCipher sender = new TransportCipher(KEY);
    TransportCipher copying = new TransportCipher(KEY);
    TransportCipher inPlace = new TransportCipher(KEY);
    Random random = new Random(11);
    for (int frame = 0; frame < 50; frame++) {
      byte[] plaintext = new byte[random.nextInt(3_000)];
      random.nextBytes(plaintext);
      byte[] body = sender.seal(plaintext);

      byte[] opened = copying.open(body.clone(), 0, body.length);
      int length = inPlace.openInPlace(body, 0, body.length);

      assertThat(length).isEqualTo(plaintext.length);
      assertThat(Arrays.copyOfRange(body, 16, 16 + length)).isEqualTo(plaintext)
          .isEqualTo(opened);
    }
    assertThat(inPlace.counter()).isEqualTo(50);
  }

  @Test
  void aForgedFrameDoesNotOpenInPlaceAndIsLeftUntouched() {
    TransportCipher sender = new TransportCipher(KEY);
    TransportCipher receiver = new TransportCipher(KEY);
    byte[] body = sender.seal(new byte[100]);
    body[40] ^= 1;
    byte[] before = body.clone();

    assertThatThrownBy(() -> receiver.openInPlace(body, 0, body.length))
        .isInstanceOf(CryptoException.class);
    assertThat(body).isEqualTo(before);
  }

  @Test
  void aReplayedFrameDoesNotOpenInPlace() {
    TransportCipher sender = new TransportCipher(KEY);
    TransportCipher receiver = new TransportCipher(KEY);
    byte[] first = sender.seal(new byte[] {1, 2, 3});
    receiver.openInPlace(first.clone(), 0, first.length);

    assertThatThrownBy(() -> receiver.openInPlace(first, 0, first.length))
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void aBodyShorterThanTheTagDoesNotOpen() {
    TransportCipher receiver = new TransportCipher(KEY);
    assertThatThrownBy(() -> receiver.openInPlace(new byte[15], 0, 15))
        .isInstanceOf(CryptoException.class);
  }
}
