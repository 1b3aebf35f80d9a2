package io.libonomy.p2p.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
  void sealAloneSealsOnItsThread() {
    double rate = Throughput.measure("seal-alone", new SealAloneWorkload(PAYLOAD), WARMUP, WINDOW);

    assertThat(rate).isPositive();
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
