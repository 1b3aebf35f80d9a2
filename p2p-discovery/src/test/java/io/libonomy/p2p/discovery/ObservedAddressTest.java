package io.libonomy.p2p.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.crypto.PublicKey;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The observed address is voted by the latest answer of each of the last responders. */
class ObservedAddressTest {

  private final SplittableRandom random = new SplittableRandom(9);
  private final ObservedAddress observed = new ObservedAddress("[test][discovery]", 3);
  private final InetSocketAddress a = new InetSocketAddress("127.0.0.1", 1000);
  private final InetSocketAddress b = new InetSocketAddress("127.0.0.1", 2000);

  private PublicKey responder() {
    return TestNodes.key(random);
  }

  @Test
  void theFirstAnswerSetsItAndTheMajorityMovesIt() {
    assertThat(observed.current()).isEmpty();
    PublicKey one = responder();
    PublicKey two = responder();

    observed.record(one, a);
    assertThat(observed.current()).contains(a);
    observed.record(two, b); // one against one: a stays
    assertThat(observed.current()).contains(a);
    observed.record(responder(), b);
    assertThat(observed.current()).contains(b);
  }

  @Test
  void oneResponderHasOneVote() {
    PublicKey liar = responder();
    observed.record(responder(), a);
    observed.record(responder(), a);

    for (int i = 0; i < 5; i++) {
      observed.record(liar, b);
    }

    assertThat(observed.current()).contains(a);
  }

  @Test
  void onlyTheLastRespondersVote() {
    observed.record(responder(), a);
    observed.record(responder(), a);
    observed.record(responder(), b);
    observed.record(responder(), b); // the first vote for a leaves the window of 3

    assertThat(observed.current()).contains(b);
  }

  @Test
  void changesReplayTheLatestAndCompleteOnClose() {
    observed.record(responder(), a);

    StepVerifier.create(observed.changes())
        .expectNext(a)
        .then(() -> {
          observed.record(responder(), b);
          observed.record(responder(), b);
        })
        .expectNext(b)
        .then(observed::close)
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }
}
