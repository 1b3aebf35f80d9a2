package io.libonomy.p2p.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.api.LowOrderKeyException;
import io.libonomy.p2p.crypto.Curve25519;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.crypto.PublicKey;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The low-order list agrees with X25519 itself (an all-zero shared secret). */
class LowOrderKeysTest {

  private final byte[] scalar = KeyPair.generate(new SplittableRandom(8)).privateKey().bytes();

  @Test
  void everyListedPointIsLowOrderForX25519() {
    for (byte[] point : LowOrderKeys.points()) {
      assertThat(LowOrderKeys.isLowOrder(PublicKey.of(point))).isTrue();
      assertThatThrownBy(() -> Curve25519.sharedSecret(scalar, point))
          .isInstanceOf(LowOrderKeyException.class);
    }
  }

  @Test
  void theTopBitIsIgnoredAsX25519IgnoresIt() {
    for (byte[] point : LowOrderKeys.points()) {
      point[31] |= (byte) 0x80;
      assertThat(LowOrderKeys.isLowOrder(PublicKey.of(point))).isTrue();
      assertThatThrownBy(() -> Curve25519.sharedSecret(scalar, point))
          .isInstanceOf(LowOrderKeyException.class);
    }
  }

  @Test
  void realKeysAreNotLowOrder() {
    SplittableRandom random = new SplittableRandom(9);
    for (int i = 0; i < 50; i++) {
      PublicKey key = KeyPair.generate(random).publicKey();
      assertThat(LowOrderKeys.isLowOrder(key)).isFalse();
    }
  }
}
