package io.libonomy.p2p.net.tcp;

import static io.libonomy.p2p.testing.Await.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.config.RateLimit;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.metrics.MeterNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * What the accepting side checks before spending anything on a connection (§5.2): a per-source
 * handshake rate, a cap on connections in the handshake state and a cap per remote IP. Excess
 * connections are closed at accept and counted; slots come back when connections end.
 *
 * <p>The node runs on a fixed clock, so its token buckets never refill during a test.
 */
class AdmissionControlTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);
  /** Far beyond every deadline here: a close within it is a refusal, never the timeout. */
  private static final Duration LONG_SESSION_TIMEOUT = Duration.ofSeconds(30);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final BlockingQueue<SecureConnection> accepted = new LinkedBlockingQueue<>();
  private final List<RawPeer> rawPeers = new ArrayList<>();
  private final KeyPair nodeIdentity = KeyPair.generate();
  private TcpTransport node;
  private TcpTransport client;
  private InetSocketAddress nodeAddress;

  private void startNode(UnaryOperator<P2PConfig> knob) {
    P2PConfig config = knob.apply(P2PConfig.defaults()
        .withBindAddress("127.0.0.1")
        .withTcpPort(0)
        .withSessionTimeout(LONG_SESSION_TIMEOUT));
    node = TcpTransport.create(config, nodeIdentity,
        Clock.fixed(Instant.now(), ZoneOffset.UTC), registry);
    // reads every session like a router would, so the node sees a peer's close
    nodeAddress = node.bind(connection -> {
      accepted.add(connection);
      connection.inbound().subscribe(e -> { }, e -> { });
    }).block(DEADLINE);
    client = TcpTransport.create(P2PConfig.defaults().withBindAddress("127.0.0.1")
        .withTcpPort(0), KeyPair.generate(), Clock.systemUTC(), new SimpleMeterRegistry());
  }

  @AfterEach
  void stop() throws Exception {
    for (RawPeer peer : rawPeers) {
      peer.close();
    }
    client.shutdown().block(DEADLINE);
    node.shutdown().block(DEADLINE);
  }

  private RawPeer silentPeer() throws Exception {
    RawPeer peer = new RawPeer(nodeAddress.getPort());
    rawPeers.add(peer);
    return peer;
  }

  private double refused(String reason) {
    var counter = registry.find(MeterNames.CONNECTIONS_REFUSED)
        .tag(MeterNames.TAG_REASON, reason).counter();
    return counter == null ? 0 : counter.count();
  }

  private SecureConnection honestSession() {
    SecureConnection connection = client.dial(nodeAddress, nodeIdentity.publicKey())
        .block(DEADLINE);
    assertThat(connection).isNotNull();
    return connection;
  }

  private boolean honestSessionSucceeds() {
    return client.dial(nodeAddress, nodeIdentity.publicKey())
        .map(connection -> {
          connection.close();
          return true;
        })
        .onErrorReturn(false)
        .blockOptional(DEADLINE)
        .orElse(false);
  }

  @Test
  void closesTheSixthRapidConnectionFromOneSourceWithABurstOfFive() throws Exception {
    startNode(c -> c.withHandshakeRatePerSource(RateLimit.of(1, 5)));
    for (int i = 0; i < 5; i++) {
      silentPeer();
    }
    awaitTrue("five handshakes pending", () -> node.pendingHandshakes() == 5, DEADLINE);

    RawPeer sixth = silentPeer();

    assertThat(sixth.closedByNodeWithin(DEADLINE)).as("sixth closed at accept").isTrue();
    assertThat(refused("rate_limit")).isEqualTo(1);
    assertThat(node.pendingHandshakes()).as("the first five are still admitted").isEqualTo(5);
  }

  @Test
  void closesAConnectionBeyondMaxPendingHandshakesAndServesAgainOnceTheyEnd()
      throws Exception {
    startNode(c -> c.withMaxPendingHandshakes(3));
    List<RawPeer> silent = List.of(silentPeer(), silentPeer(), silentPeer());
    awaitTrue("three handshakes pending", () -> node.pendingHandshakes() == 3, DEADLINE);

    RawPeer fourth = silentPeer();

    assertThat(fourth.closedByNodeWithin(DEADLINE)).as("fourth closed at accept").isTrue();
    assertThat(refused("pending_handshakes")).isEqualTo(1);

    for (RawPeer peer : silent) {
      peer.close();
    }
    awaitTrue("pending slots released", () -> node.pendingHandshakes() == 0, DEADLINE);
    honestSession();
    assertThat(accepted.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
    assertThat(refused("pending_handshakes")).isEqualTo(1);
  }

  @Test
  void refusesAThirdConnectionFromOneIpUntilOneOfTwoCloses() throws Exception {
    startNode(c -> c.withMaxConnectionsPerIp(2));
    SecureConnection first = honestSession();
    SecureConnection second = honestSession();
    SecureConnection oneAtNode = accepted.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(accepted.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();

    RawPeer third = silentPeer();

    assertThat(third.closedByNodeWithin(DEADLINE)).as("third closed at accept").isTrue();
    assertThat(refused("per_ip_limit")).isEqualTo(1);
    assertThat(first.isOpen() && second.isOpen()).as("the two sessions stay open").isTrue();

    oneAtNode.close();
    StepVerifier.create(oneAtNode.onClose()).expectComplete().verify(DEADLINE);
    // the node releases the slot on its event loop right after the close it just reported
    awaitTrue("a later connection from the same IP succeeds", this::honestSessionSucceeds,
        DEADLINE);
  }
}
