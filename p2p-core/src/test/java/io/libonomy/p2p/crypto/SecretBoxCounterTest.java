package io.libonomy.p2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.api.CryptoException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The precomputed-subkey path is exactly crypto_secretbox with the nonce 0^16 || u64be(n). */
class SecretBoxCounterTest {

  private static byte[] nonce(long counter) {
    return ByteBuffer.allocate(24).putLong(16, counter).array();
  }

  @Test
  void sealCounterEqualsSecretboxWithTheZeroPrefixedNonce() {
    long seed = 20261124L;
    Random random = new Random(seed);
    for (int i = 0; i < 200; i++) {
      byte[] key = new byte[32];
      random.nextBytes(key);
      byte[] message = new byte[i % 3 == 0 ? random.nextInt(5_000) : random.nextInt(300)];
      random.nextBytes(message);
      long counter = i < 100 ? i : random.nextLong();
      byte[] subkey = SecretBox.zeroPrefixSubkey(key);
      byte[] viaCounter = new byte[message.length + 16];

      SecretBox.sealCounter(subkey, counter, message, 0, message.length, viaCounter, 0);

      assertThat(viaCounter).as("seed %d case %d", seed, i)
          .isEqualTo(SecretBox.seal(key, nonce(counter), message));
      byte[] opened = new byte[message.length];
      assertThat(SecretBox.openCounter(subkey, counter, viaCounter, 0, viaCounter.length,
          opened, 0)).isEqualTo(message.length);
      assertThat(opened).isEqualTo(message);
    }
  }

  @Test
  void openCounterRejectsAnotherCounterOrATamperedBox() {
    byte[] subkey = SecretBox.zeroPrefixSubkey(new byte[32]);
    byte[] box = new byte[16 + 5];
    SecretBox.sealCounter(subkey, 7, new byte[5], 0, 5, box, 0);
    byte[] out = new byte[5];

    assertThatThrownBy(() -> SecretBox.openCounter(subkey, 8, box, 0, box.length, out, 0))
        .isInstanceOf(CryptoException.class);
    box[20] ^= 1;
    assertThatThrownBy(() -> SecretBox.openCounter(subkey, 7, box, 0, box.length, out, 0))
        .isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> SecretBox.openCounter(subkey, 7, box, 0, 15, out, 0))
        .isInstanceOf(CryptoException.class);
  }
}
