package io.libonomy.p2p.net.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.server.Endpoint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Bind, shutdown and what the verbs do around them. */
class UdpMuxLifecycleTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private final UdpMux mux = UdpMux.create(P2PConfig.defaults().withBindAddress("127.0.0.1"),
      KeyPair.generate(), Clock.systemUTC(), new SimpleMeterRegistry());

  @AfterEach
  void shutDown() {
    mux.shutdown().block(WAIT);
  }

  private static Endpoint somePeer() {
    return Endpoint.of(KeyPair.generate().publicKey(), new InetSocketAddress("127.0.0.1", 9));
  }

  @Test
  void bindEmitsTheBoundLoopbackAddressAndPort() {
    InetSocketAddress bound = mux.bind(0).block(WAIT);

    assertThat(bound.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(bound.getPort()).isPositive().isEqualTo(mux.port());
  }

  @Test
  void bindingTwiceFails() {
    mux.bind(0).block(WAIT);

    StepVerifier.create(mux.bind(0)).expectError(IllegalStateException.class).verify(WAIT);
  }

  @Test
  void shutdownCompletesListeners() {
    mux.bind(0).block(WAIT);

    StepVerifier.create(mux.listen("a/1"))
        .then(() -> mux.shutdown().subscribe())
        .verifyComplete();
  }

  @Test
  void shutdownIsIdempotentAndClosesTheSocket() {
    int port = mux.bind(0).block(WAIT).getPort();

    StepVerifier.create(mux.shutdown()).verifyComplete();
    StepVerifier.create(mux.shutdown()).verifyComplete();
    assertThatCode(() -> new DatagramSocket(new InetSocketAddress("127.0.0.1", port)).close())
        .as("the port is free again once shutdown completed")
        .doesNotThrowAnyException();
  }

  @Test
  void shutdownOfAMuxNeverBoundCompletes() {
    StepVerifier.create(mux.shutdown()).verifyComplete();
  }

  @Test
  void sendAfterShutdownFailsWithShutdownException() {
    mux.bind(0).block(WAIT);
    mux.shutdown().block(WAIT);

    StepVerifier.create(mux.send(somePeer(), Envelope.request("a/1", 0, 1, new byte[0])))
        .expectError(ShutdownException.class)
        .verify(WAIT);
  }

  @Test
  void bindAfterShutdownFailsWithShutdownException() {
    mux.shutdown().block(WAIT);

    StepVerifier.create(mux.bind(0)).expectError(ShutdownException.class).verify(WAIT);
  }

  @Test
  void listenAfterShutdownCompletesAtOnce() {
    mux.bind(0).block(WAIT);
    mux.shutdown().block(WAIT);

    StepVerifier.create(mux.listen("a/1")).verifyComplete();
  }
}
