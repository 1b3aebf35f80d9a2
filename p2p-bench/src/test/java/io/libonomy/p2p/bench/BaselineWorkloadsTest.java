package io.libonomy.p2p.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.crypto.SecretBox;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BaselineWorkloadsTest {

  private static final Duration WARMUP = Duration.ofMillis(50);
  private static final Duration WINDOW = Duration.ofMillis(200);
  private static final byte[] PAYLOAD = new byte[128];

  @Test
  void rawNettyDeliversFramesInBothFlushPolicies() {
    for (RawFlush flush : RawFlush.values()) {
      double rate = Throughput.measure("raw-netty " + flush,
          new RawNettyWorkload(PAYLOAD, flush), WARMUP, WINDOW);

      assertThat(rate).as("raw-netty %s msgs/s", flush).isPositive();
    }
  }

  @Test
  void sealAloneSealsOnItsThreadInBothModes() {
    for (SealAloneWorkload.Mode mode : SealAloneWorkload.Mode.values()) {
      double rate = Throughput.measure("seal " + mode,
          new SealAloneWorkload(PAYLOAD, mode), WARMUP, WINDOW);

      assertThat(rate).as("%s msgs/s", mode).isPositive();
    }
  }

  @Test
  void bothSealModesProduceTheBoxesOfTheTransportNonces() {
    byte[] payload = new byte[1024];
    new SplittableRandom(7).nextBytes(payload);
    SealAloneWorkload fullNonce =
        new SealAloneWorkload(payload, SealAloneWorkload.Mode.FULL_NONCE);
    SealAloneWorkload subkey =
        new SealAloneWorkload(payload, SealAloneWorkload.Mode.PRECOMPUTED_SUBKEY);
    byte[] nonce = new byte[SecretBox.NONCE_LENGTH];

    for (long counter : new long[] {0, 1, 255, 256, 1L << 40, -1L}) {
      byte[] box = fullNonce.seal(counter, nonce);

      byte[] expectedNonce = ByteBuffer.allocate(SecretBox.NONCE_LENGTH)
          .putLong(16, counter).array();
      assertThat(nonce).as("nonce of box %d", counter).isEqualTo(expectedNonce);
      assertThat(box).hasSize(payload.length + SecretBox.TAG_LENGTH);
      assertThat(subkey.seal(counter, new byte[SecretBox.NONCE_LENGTH]))
          .as("box %d", counter).isEqualTo(box);
    }
  }

  @Test
  void closingAWorkloadTwiceIsHarmless() {
    RawNettyWorkload workload = new RawNettyWorkload(PAYLOAD, RawFlush.BATCH);
    workload.start();

    workload.close();
    workload.close();

    assertThat(workload.failure()).isNull();
  }
}
