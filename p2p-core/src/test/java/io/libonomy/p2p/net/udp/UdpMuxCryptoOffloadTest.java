package io.libonomy.p2p.net.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.api.LowOrderKeyException;
import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.metrics.MeterNames;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.server.Endpoint;
import io.libonomy.p2p.server.InboundEnvelope;
import io.libonomy.p2p.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Datagrams of senders whose shared key is not cached go to the crypto scheduler, a bounded
 * number at a time; cached senders never do. The scheduler here only collects its tasks, so
 * the test decides when the X25519 work runs.
 */
class UdpMuxCryptoOffloadTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String PROTOCOL = "test/1";

  private final Queue<Runnable> held = new ConcurrentLinkedQueue<>();
  private final Scheduler holding = Schedulers.fromExecutor(held::add);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final KeyPair nodeIdentity = KeyPair.generate();
  private final Queue<InboundEnvelope> received = new ConcurrentLinkedQueue<>();
  private UdpMux node;
  private Disposable listener;
  private RawUdpPeer peer;

  @BeforeEach
  void start() {
    node = UdpMux.create(P2PConfig.defaults().withBindAddress("127.0.0.1"), nodeIdentity,
        Clock.systemUTC(), registry, NonceSource.secure(), new UdpLimits(100, 100, 100, 2),
        holding);
    node.bind(0).block(WAIT);
    listener = node.listen(PROTOCOL).subscribe(received::add);
    peer = RawUdpPeer.bind("127.0.0.1");
  }

  @AfterEach
  void stop() {
    listener.dispose();
    node.shutdown().block(WAIT);
    peer.close();
    holding.dispose();
  }

  private byte[] requestFrom(KeyPair sender, long reqId) {
    return new DatagramForge(sender, nodeIdentity.publicKey(), System.currentTimeMillis())
        .reqId(reqId).datagram();
  }

  private double dropped(DropReason reason) {
    return registry.counter(UdpMetrics.DROPPED, MeterNames.TAG_REASON, reason.tag()).count();
  }

  private void runHeld() {
    Runnable task;
    while ((task = held.poll()) != null) {
      task.run();
    }
  }

  @Test
  void uncachedSendersBeyondTheInFlightBoundAreDroppedBusy() {
    for (int i = 1; i <= 3; i++) {
      peer.send(requestFrom(KeyPair.generate(), i), node.port());
    }

    Await.until(() -> dropped(DropReason.BUSY) == 1, WAIT, "one busy drop");
    assertThat(node.cryptoInFlight()).isEqualTo(2);
    assertThat(held).hasSize(2);
    assertThat(received).isEmpty();

    runHeld();
    assertThat(received).extracting(in -> in.envelope().reqId()).containsExactly(1L, 2L);
    assertThat(node.cryptoInFlight()).isZero();
    assertThat(node.cachedSharedKeys()).isEqualTo(2);
  }

  @Test
  void cachedSenderIsProcessedOnTheEventLoop() {
    KeyPair sender = KeyPair.generate();
    peer.send(requestFrom(sender, 1), node.port());
    Await.until(() -> held.size() == 1, WAIT, "the first datagram offloaded");
    runHeld();

    peer.send(requestFrom(sender, 2), node.port());

    Await.until(() -> received.size() == 2, WAIT, "the second datagram delivered");
    assertThat(held).isEmpty();
  }

  @Test
  void firstSendToAPeerComputesItsKeyOnTheCryptoScheduler() {
    Endpoint to = Endpoint.of(KeyPair.generate().publicKey(),
        new InetSocketAddress("127.0.0.1", peer.address().getPort()));
    StepVerifier.create(node.send(to, Envelope.request(PROTOCOL, 0, 1, new byte[0])))
        .then(() -> Await.until(() -> !held.isEmpty(), WAIT, "the key computation"))
        .then(this::runHeld)
        .verifyComplete();

    assertThat(peer.receive(WAIT)).isNotNull();
    assertThat(node.cachedSharedKeys()).isEqualTo(1);
  }

  @Test
  void sendToALowOrderKeyFails() {
    Endpoint to = Endpoint.of(PublicKey.of(new byte[32]),
        new InetSocketAddress("127.0.0.1", peer.address().getPort()));

    StepVerifier.create(node.send(to, Envelope.request(PROTOCOL, 0, 1, new byte[0])))
        .then(() -> Await.until(() -> !held.isEmpty(), WAIT, "the key computation"))
        .then(this::runHeld)
        .expectError(LowOrderKeyException.class)
        .verify(WAIT);
  }
}
