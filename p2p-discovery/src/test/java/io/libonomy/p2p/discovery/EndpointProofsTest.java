package io.libonomy.p2p.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.server.Endpoint;
import io.libonomy.p2p.testing.MutableClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The endpoint-proof table and the proof-PING throttle of §5.6. */
class EndpointProofsTest {

  private final SplittableRandom random = new SplittableRandom(3);
  private final MutableClock clock = TestNodes.clock();
  private final EndpointProofs proofs =
      new EndpointProofs(clock, Duration.ofHours(12), Duration.ofSeconds(10), 100);
  private final PublicKey key = TestNodes.key(random);
  private final Endpoint endpoint = Endpoint.of(key, new InetSocketAddress("127.0.0.1", 4000));

  @Test
  void aProofHoldsForTwelveHours() {
    proofs.prove(endpoint);
    clock.advance(Duration.ofHours(12).minusMillis(1));

    assertThat(proofs.isProven(endpoint)).isTrue();

    clock.advance(Duration.ofMillis(1));
    assertThat(proofs.isProven(endpoint)).isFalse();
    assertThat(proofs.size()).isZero();
  }

  @Test
  void aProofIsForTheKeyAddressAndPortTogether() {
    proofs.prove(endpoint);

    assertThat(proofs.isProven(Endpoint.of(key, new InetSocketAddress("127.0.0.1", 4001))))
        .isFalse();
    assertThat(proofs.isProven(Endpoint.of(key, new InetSocketAddress("127.0.0.2", 4000))))
        .isFalse();
    assertThat(proofs.isProven(Endpoint.of(TestNodes.key(random),
        new InetSocketAddress("127.0.0.1", 4000)))).isFalse();
    assertThat(proofs.isProven(Endpoint.of(key))).isFalse();
  }

  @Test
  void theTableKeepsTheMostRecentlyUsedProofs() {
    proofs.prove(endpoint);
    for (int port = 1; port <= 100; port++) {
      if (port == 50) {
        assertThat(proofs.isProven(endpoint)).isTrue(); // touched: now the most recent
      }
      proofs.prove(Endpoint.of(TestNodes.key(random), new InetSocketAddress("127.0.0.1", port)));
    }

    assertThat(proofs.size()).isEqualTo(100);
    assertThat(proofs.isProven(endpoint)).isTrue();
  }

  @Test
  void atMostOneProofPingPerAddressAndPortEveryTenSeconds() {
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", 4000);

    assertThat(proofs.tryPing(address)).isTrue();
    assertThat(proofs.tryPing(address)).isFalse();
    assertThat(proofs.tryPing(new InetSocketAddress("127.0.0.1", 4001))).isTrue();
    clock.advance(Duration.ofSeconds(10).minusMillis(1));
    assertThat(proofs.tryPing(address)).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(proofs.tryPing(address)).isTrue();
  }
}
