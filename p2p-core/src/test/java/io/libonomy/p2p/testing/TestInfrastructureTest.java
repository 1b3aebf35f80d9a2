package io.libonomy.p2p.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The test JVM runs with the two safety nets every other test relies on: Netty's paranoid
 * leak detection and BlockHound, so a leaked buffer or a blocking call on a non-blocking
 * thread fails the build instead of passing silently.
 */
class TestInfrastructureTest {

  @Test
  void nettyLeakDetectionIsParanoid() {
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
  }

  @Test
  void blockHoundRejectsBlockingCallsOnParallelThreads() {
    Mono<Void> blocking = Mono.<Void>fromRunnable(() -> {
      try {
        Thread.sleep(1); // the blocking call BlockHound must catch, not a wait for an outcome
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }).subscribeOn(Schedulers.parallel());

    StepVerifier.create(blocking)
        .expectError(BlockingOperationError.class)
        .verify(Duration.ofSeconds(5));
  }
}
