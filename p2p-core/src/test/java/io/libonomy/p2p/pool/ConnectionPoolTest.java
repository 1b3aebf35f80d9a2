package io.libonomy.p2p.pool;

import static io.libonomy.p2p.testing.Await.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.api.NotConnectedException;
import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.tcp.SecureConnection;
import io.libonomy.p2p.net.tcp.TcpTransport;
import io.libonomy.p2p.testing.GatedRelay;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The pool on live transports over loopback: one connection per peer pair whichever side
 * dialed (§5.2 step 5), one dial shared by concurrent callers, eviction on close, the inbound
 * cap, and the refusals of self-dials and of a shut-down pool.
 */
class ConnectionPoolTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);

  private final List<Node> nodes = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopAll() {
    nodes.forEach(Node::stop);
  }

  private Node node(int maxInbound) {
    Node node = new Node(maxInbound);
    nodes.add(node);
    return node;
  }

  @Test
  void simultaneousDialsLeaveBothSidesWithTheSameConnectionTwentyTimesOver() throws Exception {
    for (int round = 0; round < 20; round++) {
      Node a = node(10);
      Node b = node(10);
      PublicKey smaller = a.key().compareTo(b.key()) < 0 ? a.key() : b.key();
      CountDownLatch gate = new CountDownLatch(1);
      try (GatedRelay toB = GatedRelay.to(b.address, gate);
          GatedRelay toA = GatedRelay.to(a.address, gate)) {

        CompletableFuture<SecureConnection> aToB = a.pool.connect(b.key(), toB.address())
            .toFuture();
        CompletableFuture<SecureConnection> bToA = b.pool.connect(a.key(), toA.address())
            .toFuture();
        // both dials are in flight before either handshake may start
        assertThat(toB.awaitAccepted(DEADLINE) && toA.awaitAccepted(DEADLINE)).isTrue();
        gate.countDown();
        assertThat(aToB.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
        assertThat(bToA.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();

        String what = "round " + round + ": both keep the connection the smaller key initiated";
        try {
          awaitTrue(what, () -> keepsOpen(a, b, smaller) && keepsOpen(b, a, smaller), DEADLINE);
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "\nA: " + describe(a) + "\nB: " + describe(b),
              e);
        }
        SecureConnection atA = a.pool.get(b.key()).orElseThrow();
        SecureConnection atB = b.pool.get(a.key()).orElseThrow();
        assertThat(a.pool.connections()).containsExactly(atA);
        assertThat(b.pool.connections()).containsExactly(atB);
        assertThat(atA.initiatorKey()).isEqualTo(atB.initiatorKey()).isEqualTo(smaller);
        assertThat(atA.direction()).isNotEqualTo(atB.direction());
        assertSameTcpConnection(atA, atB, "round " + round);
      }
      a.stop();
      b.stop();
      nodes.removeAll(List.of(a, b));
    }
  }

  private static String describe(Node node) {
    return node.key().shortId() + " keeps " + node.pool.connections().stream()
        .map(c -> c + " initiator=" + c.initiatorKey().shortId() + " open=" + c.isOpen())
        .toList()
        + ", connected=" + node.listener.connected + " replaced=" + node.listener.replaced
        + " disconnected=" + node.listener.disconnected + " accepted=" + node.accepted;
  }

  private static boolean keepsOpen(Node node, Node peer, PublicKey initiator) {
    return node.pool.get(peer.key())
        .map(c -> c.isOpen() && c.initiatorKey().equals(initiator))
        .orElse(false);
  }

  /** A frame sent on {@code one} arrives on {@code other}: they are the two ends of one TCP. */
  private static void assertSameTcpConnection(SecureConnection one, SecureConnection other,
      String text) throws Exception {
    CompletableFuture<Envelope> received = other.inbound().next().toFuture();
    one.send(Envelope.direct("test/1", text.getBytes(StandardCharsets.UTF_8))).block(DEADLINE);
    assertThat(new String(received.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS).payload(),
        StandardCharsets.UTF_8)).isEqualTo(text);
  }

  @Test
  void concurrentConnectsToOnePeerShareOneDial() throws Exception {
    Node a = node(10);
    Node b = node(10);

    List<CompletableFuture<SecureConnection>> calls = IntStream.range(0, 10)
        .mapToObj(i -> a.pool.connect(b.key(), b.address)
            .subscribeOn(Schedulers.parallel())
            .toFuture())
        .toList();
    SecureConnection first = calls.get(0).get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    for (CompletableFuture<SecureConnection> call : calls) {
      assertThat(call.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isSameAs(first);
    }

    awaitTrue("the peer accepts the dial", () -> b.listener.connected.get() == 1, DEADLINE);
    assertSameTcpConnection(first, b.pool.get(a.key()).orElseThrow(), "one dial");
    assertThat(b.accepted.get()).isEqualTo(1);
    assertThat(a.listener.connected.get()).isEqualTo(1);
    assertThat(a.listener.replaced.get()).isZero();
    assertThat(b.listener.replaced.get()).isZero();
  }

  @Test
  void evictsAClosedConnectionOnceAndDialsAgainOnTheNextConnect() {
    Node a = node(10);
    Node b = node(10);
    SecureConnection first = a.pool.connect(b.key(), b.address).block(DEADLINE);

    first.close();

    awaitTrue("disconnected", () -> a.listener.disconnected.get() == 1, DEADLINE);
    assertThat(a.pool.get(b.key())).isEmpty();
    assertThat(a.listener.disconnectedFrom).containsExactly(first);

    SecureConnection second = a.pool.connect(b.key(), b.address).block(DEADLINE);

    assertThat(second).isNotSameAs(first);
    assertThat(second.isOpen()).isTrue();
    assertThat(a.pool.get(b.key())).containsSame(second);
    awaitTrue("the peer accepts a second dial", () -> b.accepted.get() == 2, DEADLINE);
    assertThat(a.listener.connected.get()).isEqualTo(2);
    assertThat(a.listener.disconnected.get()).isEqualTo(1);
  }

  @Test
  void evictsAConnectionThePeerClosesOnceItIsRead() {
    Node a = node(10);
    Node b = node(10);
    SecureConnection atA = a.pool.connect(b.key(), b.address).block(DEADLINE);
    awaitTrue("the peer keeps it", () -> b.pool.get(a.key()).isPresent(), DEADLINE);
    atA.inbound().subscribe(e -> { }, e -> { });

    b.pool.get(a.key()).orElseThrow().close();

    StepVerifier.create(atA.onClose()).expectComplete().verify(DEADLINE);
    awaitTrue("disconnected", () -> a.listener.disconnected.get() == 1, DEADLINE);
    assertThat(a.pool.get(b.key())).isEmpty();
    assertThat(a.listener.disconnectedFrom).containsExactly(atA);
  }

  @Test
  void refusesAndClosesInboundConnectionsWhenMaxInboundIsZero() {
    Node a = node(10);
    Node b = node(0);
    SecureConnection atA = a.pool.connect(b.key(), b.address).block(DEADLINE);
    atA.inbound().subscribe(e -> { }, e -> { });

    StepVerifier.create(atA.onClose()).expectComplete().verify(DEADLINE);
    assertThat(b.listener.refusedInbound.get()).isEqualTo(1);
    assertThat(b.listener.connected.get()).isZero();
    assertThat(b.pool.connections()).isEmpty();
    awaitTrue("the dialer evicts it", () -> a.pool.get(b.key()).isEmpty(), DEADLINE);
  }

  @Test
  void refusesToConnectToItself() {
    Node a = node(10);

    StepVerifier.create(a.pool.connect(a.key(), a.address))
        .expectError(NotConnectedException.class)
        .verify(DEADLINE);
    assertThat(a.accepted.get()).isZero();
  }

  @Test
  void closesItsConnectionsAndRefusesConnectAfterShutdown() {
    Node a = node(10);
    Node b = node(10);
    SecureConnection atA = a.pool.connect(b.key(), b.address).block(DEADLINE);

    a.pool.shutdown().block(DEADLINE);

    assertThat(atA.isOpen()).isFalse();
    StepVerifier.create(a.pool.connect(b.key(), b.address))
        .expectError(ShutdownException.class)
        .verify(DEADLINE);
    // B counts the connection once HELLO arrives, which may be after A's connect completed
    awaitTrue("B accepted the one connection", () -> b.accepted.get() == 1, DEADLINE);
    assertThat(b.accepted.get()).isEqualTo(1);
  }

  @Test
  void failsADialThatCompletesAfterShutdownWithShutdownException() throws Exception {
    Node a = node(10);
    Node b = node(10);
    CountDownLatch gate = new CountDownLatch(1);
    try (GatedRelay toB = GatedRelay.to(b.address, gate)) {
      CompletableFuture<SecureConnection> dial = a.pool.connect(b.key(), toB.address())
          .toFuture();
      assertThat(toB.awaitAccepted(DEADLINE)).as("dial in flight").isTrue();

      a.pool.shutdown().block(DEADLINE);
      gate.countDown();

      assertThatThrownBy(() -> dial.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(ShutdownException.class);
      assertThat(a.pool.connections()).isEmpty();
      assertThat(a.listener.connected.get()).isZero();
    }
  }

  /** Counts each listener callback. */
  private static final class RecordingListener implements ConnectionPool.Listener {
    final AtomicInteger connected = new AtomicInteger();
    final AtomicInteger replaced = new AtomicInteger();
    final AtomicInteger disconnected = new AtomicInteger();
    final AtomicInteger refusedInbound = new AtomicInteger();
    final List<SecureConnection> disconnectedFrom = new CopyOnWriteArrayList<>();

    @Override
    public void connected(SecureConnection connection) {
      connected.incrementAndGet();
    }

    @Override
    public void replaced(SecureConnection previous, SecureConnection current) {
      replaced.incrementAndGet();
    }

    @Override
    public void disconnected(SecureConnection connection) {
      disconnected.incrementAndGet();
      disconnectedFrom.add(connection);
    }

    @Override
    public void refusedInbound(SecureConnection connection) {
      refusedInbound.incrementAndGet();
    }
  }

  /** A transport listening on loopback with a pool fed by its inbound sessions. */
  private static final class Node {
    final KeyPair identity = KeyPair.generate();
    final RecordingListener listener = new RecordingListener();
    final AtomicInteger accepted = new AtomicInteger();
    final TcpTransport transport;
    final ConnectionPool pool;
    final InetSocketAddress address;

    Node(int maxInbound) {
      P2PConfig config = P2PConfig.defaults().withBindAddress("127.0.0.1").withTcpPort(0);
      transport = TcpTransport.create(config, identity, Clock.systemUTC(),
          new SimpleMeterRegistry());
      pool = new ConnectionPool(transport, identity.publicKey(), maxInbound,
          Duration.ofMillis(200), Schedulers.parallel(), listener);
      address = transport.bind(connection -> {
        accepted.incrementAndGet();
        pool.acceptInbound(connection);
      }).block(DEADLINE);
    }

    PublicKey key() {
      return identity.publicKey();
    }

    void stop() {
      pool.shutdown().block(DEADLINE);
      transport.shutdown().block(DEADLINE);
    }
  }
}
