package io.libonomy.p2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

/** The word-at-a-time Salsa20 is byte for byte Bouncy Castle's, however the input is split. */
class Salsa20CounterTest {

  @Test
  void matchesBouncyCastleOverRandomSplitsOffsetsAndLengths() {
    long seed = 20261205L;
    Random random = new Random(seed);
    Salsa20Counter ours = new Salsa20Counter();
    for (int round = 0; round < 300; round++) {
      byte[] key = new byte[32];
      random.nextBytes(key);
      long nonce = round < 5 ? round : random.nextLong();
      int total = random.nextInt(5_000);
      byte[] input = new byte[total + 7];
      random.nextBytes(input);
      int offset = random.nextInt(8);
      int length = Math.min(total, input.length - offset);

      Salsa20Engine reference = new Salsa20Engine();
      reference.init(true, new ParametersWithIV(new KeyParameter(key),
          ByteBuffer.allocate(8).putLong(nonce).array()));
      byte[] expected = new byte[length];
      reference.processBytes(input, offset, length, expected, 0);

      ours.start(key, nonce);
      byte[] actual = new byte[length + 3];
      int done = 0;
      while (done < length) {
        int step = Math.min(length - done, random.nextInt(3) == 0 ? random.nextInt(70)
            : random.nextInt(700) + 1);
        ours.xor(input, offset + done, step, actual, 3 + done);
        done += step;
      }

      assertThat(Arrays.copyOfRange(actual, 3, 3 + length))
          .as("seed %d round %d", seed, round).isEqualTo(expected);
    }
  }

  @Test
  void encryptsInPlace() {
    byte[] key = new byte[32];
    key[0] = 1;
    byte[] data = new byte[1_000];
    Arrays.fill(data, (byte) 0x5a);
    byte[] copy = data.clone();
    Salsa20Counter stream = new Salsa20Counter();
    stream.start(key, 9);
    stream.xor(data, 0, data.length, data, 0);
    stream.start(key, 9);
    stream.xor(data, 0, data.length, data, 0);

    assertThat(data).isEqualTo(copy);
  }
}
