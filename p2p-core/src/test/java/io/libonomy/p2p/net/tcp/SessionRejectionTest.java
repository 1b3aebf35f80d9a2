package io.libonomy.p2p.net.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.config.RateLimit;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.metrics.MeterNames;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.EnvelopeKind;
import io.libonomy.p2p.net.HandshakeInit;
import io.libonomy.p2p.net.WireCodec;
import io.libonomy.p2p.version.ClientVersion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rejection of §5.0–§5.3 closes the connection, is counted, and leaves the node serving
 * honest peers. The node under test runs on a fixed clock so drift limits are exact.
 */
class SessionRejectionTest {

  private static final long NOW = 1_700_000_000_000L;
  private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(5);
  /** Long enough that an honest handshake on a loaded machine never runs into it. */
  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration SHORT_SESSION_TIMEOUT = Duration.ofMillis(500);
  private static final byte[] LOW_ORDER = HexFormat.of().parseHex(
      "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final BlockingQueue<Envelope> received = new LinkedBlockingQueue<>();
  private final BlockingQueue<SecureConnection> accepted = new LinkedBlockingQueue<>();
  private KeyPair nodeIdentity;
  private P2PConfig config;
  private TcpTransport node;
  private int port;

  @BeforeEach
  void startNode() {
    nodeIdentity = KeyPair.generate();
    start(SESSION_TIMEOUT);
  }

  /** For the tests that wait the session timeout out. */
  private void restartWithShortSessionTimeout() {
    node.shutdown().block(Duration.ofSeconds(5));
    start(SHORT_SESSION_TIMEOUT);
  }

  private void start(Duration sessionTimeout) {
    config = P2PConfig.defaults()
        .withBindAddress("127.0.0.1")
        .withTcpPort(0)
        .withSessionTimeout(sessionTimeout)
        .withMaxFrameSize(64 * 1024)
        .withHandshakeRatePerSource(RateLimit.of(10_000, 10_000));
    node = TcpTransport.create(config, nodeIdentity,
        Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC), registry);
    port = node.bind(connection -> {
      accepted.add(connection);
      connection.inbound().subscribe(received::add, e -> { });
    }).block(Duration.ofSeconds(5)).getPort();
  }

  @AfterEach
  void stopNode() {
    node.shutdown().block(Duration.ofSeconds(5));
  }

  private HandshakeParams nodeParams() {
    return new HandshakeParams(nodeIdentity, 1, "n/0.1.0", port, ClientVersion.parse("0.1.0"),
        Duration.ofMinutes(10));
  }

  private double handshakeFailures(String reason) {
    var counter = registry.find(MeterNames.HANDSHAKES).tag(MeterNames.TAG_RESULT, reason).counter();
    return counter == null ? 0 : counter.count();
  }

  private double violations(String reason) {
    var counter = registry.find(MeterNames.PROTOCOL_VIOLATIONS).tag(MeterNames.TAG_REASON, reason)
        .counter();
    return counter == null ? 0 : counter.count();
  }

  /** Runs a whole honest session on a fresh socket and checks a DIRECT arrives. */
  private void assertHonestPeerStillServed() throws Exception {
    try (RawPeer honest = new RawPeer(port)) {
      honest.sendFrame(honest.honestBody1(nodeIdentity.publicKey(), NOW));
      honest.finishHandshake(nodeParams());
      honest.sendFrames(honest.seal(Envelope.hello()),
          honest.seal(Envelope.direct("chat/1", "still here".getBytes())));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      Envelope envelope;
      do {
        envelope = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        assertThat(envelope).as("honest DIRECT within 5 s").isNotNull();
      } while (!new String(envelope.payload()).equals("still here"));
    }
  }

  private void assertRejectedFrameOne(byte[] body1, String reason) throws Exception {
    try (RawPeer peer = new RawPeer(port)) {
      peer.sendFrame(body1);
      assertThat(peer.closedByNodeWithin(CLOSE_DEADLINE)).isTrue();
    }
    assertThat(handshakeFailures(reason)).as("handshakes{result=%s}", reason).isEqualTo(1);
    assertThat(accepted).isEmpty();
    assertHonestPeerStillServed();
  }

  private byte[] frameOne(RawPeer peer, HandshakeInit m1) {
    return peer.body1(1, peer.identity.publicKey().bytes(), peer.ephemeral.publicKey().bytes(),
        WireCodec.encode(m1), nodeIdentity.publicKey());
  }

  @Test
  void acceptsAnHonestSessionAndDeliversItsFrames() throws Exception {
    assertHonestPeerStillServed();
    assertThat(accepted).hasSize(1);
    assertThat(handshakeFailures("ok")).isEqualTo(1);
  }

  @Test
  void rejectsABadVersionByte() throws Exception {
    try (RawPeer peer = new RawPeer(port)) {
      byte[] body1 = peer.honestBody1(nodeIdentity.publicKey(), NOW);
      body1[0] = 2;
      assertRejectedFrameOne(body1, "version_byte");
    }
  }

  @Test
  void rejectsABoxThatDoesNotOpen() throws Exception {
    try (RawPeer peer = new RawPeer(port)) {
      byte[] body1 = peer.honestBody1(nodeIdentity.publicKey(), NOW);
      body1[body1.length - 1] ^= 1;
      assertRejectedFrameOne(body1, "box");
    }
  }

  @Test
  void rejectsAnEphemeralKeyThatDiffersFromTheBoxedOne() throws Exception {
    try (RawPeer peer = new RawPeer(port)) {
      byte[] other = KeyPair.generate().publicKey().bytes();
      byte[] body1 = peer.body1(1, peer.identity.publicKey().bytes(), other,
          WireCodec.encode(peer.m1(NOW)), nodeIdentity.publicKey());
      assertRejectedFrameOne(body1, "ephemeral_mismatch");
    }
  }

  @Test
  void rejectsAnotherNetwork() throws Exception {
    try (RawPeer peer = new RawPeer(port)) {
      HandshakeInit m1 = peer.m1(NOW);
      assertRejectedFrameOne(frameOne(peer, new HandshakeInit(2, m1.clientVersion(),
          m1.listenPort(), NOW, m1.ephemeralKey())), "network");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"x/0.0.9", "garbage", "x/1.2"})
  void rejectsAnOldOrInvalidClientVersion(String version) throws Exception {
    try (RawPeer peer = new RawPeer(port)) {
      HandshakeInit m1 = peer.m1(NOW);
      assertRejectedFrameOne(frameOne(peer, new HandshakeInit(1, version, 0, NOW,
          m1.ephemeralKey())), "client_version");
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {-600_001, 600_001})
  void rejectsClockDriftBeyondTheLimitEitherWay(long offset) throws Exception {
    try (RawPeer peer = new RawPeer(port)) {
      HandshakeInit m1 = peer.m1(NOW + offset);
      assertRejectedFrameOne(frameOne(peer, m1), "clock_drift");
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {-600_000, 600_000})
  void acceptsClockDriftExactlyAtTheLimit(long offset) throws Exception {
    try (RawPeer peer = new RawPeer(port)) {
      peer.sendFrame(frameOne(peer, peer.m1(NOW + offset)));
      peer.finishHandshake(nodeParams());
      peer.sendFrame(peer.seal(Envelope.hello()));
      assertThat(accepted.poll(5, TimeUnit.SECONDS)).isNotNull();
    }
  }

  @Test
  void rejectsALowOrderStaticKey() throws Exception {
    try (RawPeer peer = new RawPeer(port)) {
      byte[] body1 = peer.honestBody1(nodeIdentity.publicKey(), NOW);
      System.arraycopy(LOW_ORDER, 0, body1, 1, 32);
      assertRejectedFrameOne(body1, "low_order_key");
    }
  }

  @Test
  void rejectsALowOrderEphemeralKey() throws Exception {
    try (RawPeer peer = new RawPeer(port)) {
      byte[] body1 = peer.body1(1, peer.identity.publicKey().bytes(), LOW_ORDER,
          WireCodec.encode(new HandshakeInit(1, "test/0.1.0", 0, NOW, LOW_ORDER)),
          nodeIdentity.publicKey());
      assertRejectedFrameOne(body1, "low_order_key");
    }
  }

  @Test
  void rejectsTrailingBytesAfterTheBoxedMessage() throws Exception {
    try (RawPeer peer = new RawPeer(port)) {
      byte[] m1 = WireCodec.encode(peer.m1(NOW));
      byte[] trailing = Arrays.copyOf(m1, m1.length + 1);
      assertRejectedFrameOne(peer.body1(1, peer.identity.publicKey().bytes(),
          peer.ephemeral.publicKey().bytes(), trailing, nodeIdentity.publicKey()), "malformed");
    }
  }

  @Test
  void rejectsAFloatWhereTheNetworkIdBelongs() throws Exception {
    try (RawPeer peer = new RawPeer(port)) {
      byte[] m1 = WireCodec.encode(peer.m1(NOW));
      // ["hs1", 1, ...]: the byte after the 4-byte array head and "hs1" tag is networkId 0x01
      byte[] withFloat = new byte[m1.length + 8];
      System.arraycopy(m1, 0, withFloat, 0, 5);
      byte[] float64One = HexFormat.of().parseHex("fb3ff0000000000000");
      System.arraycopy(float64One, 0, withFloat, 5, 9);
      System.arraycopy(m1, 6, withFloat, 14, m1.length - 6);
      assertRejectedFrameOne(peer.body1(1, peer.identity.publicKey().bytes(),
          peer.ephemeral.publicKey().bytes(), withFloat, nodeIdentity.publicKey()), "malformed");
    }
  }

  @Test
  void closesAtTheLengthPrefixOfAnOversizePreHandshakeFrame() throws Exception {
    try (RawPeer peer = new RawPeer(port)) {
      peer.sendLengthOnly(FrameDecoder.HANDSHAKE_LIMIT + 1);
      assertThat(peer.closedByNodeWithin(CLOSE_DEADLINE)).isTrue();
    }
    assertThat(handshakeFailures("frame_too_large")).isEqualTo(1);
    assertHonestPeerStillServed();
  }

  @Test
  void closesASilentClientAfterTheSessionTimeout() throws Exception {
    restartWithShortSessionTimeout();
    try (RawPeer peer = new RawPeer(port)) {
      assertThat(peer.closedByNodeWithin(CLOSE_DEADLINE)).isTrue();
    }
    assertThat(handshakeFailures("timeout")).isEqualTo(1);
    assertHonestPeerStillServed();
  }

  @Test
  void aReplayedFrameOneWithoutHelloNeverFormsASession() throws Exception {
    restartWithShortSessionTimeout();
    byte[] captured;
    // written elsewhere (a socket nobody serves), so the node sees only the replay
    try (ServerSocket elsewhere = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        RawPeer original = new RawPeer(elsewhere.getLocalPort())) {
      captured = original.honestBody1(nodeIdentity.publicKey(), NOW);
    }
    try (RawPeer replayer = new RawPeer(port)) {
      replayer.sendFrame(captured);
      assertThat(replayer.readFrame()).isNotEmpty();
      assertThat(replayer.closedByNodeWithin(CLOSE_DEADLINE)).isTrue();
    }
    assertThat(accepted).isEmpty();
    assertThat(handshakeFailures("timeout")).isEqualTo(1);
    assertHonestPeerStillServed();
  }

  @Test
  void rejectsAFirstTransportFrameThatIsNotHello() throws Exception {
    try (RawPeer peer = new RawPeer(port)) {
      peer.sendFrame(peer.honestBody1(nodeIdentity.publicKey(), NOW));
      peer.finishHandshake(nodeParams());
      peer.sendFrame(peer.seal(Envelope.direct("chat/1", new byte[] {1})));
      assertThat(peer.closedByNodeWithin(CLOSE_DEADLINE)).isTrue();
    }
    assertThat(handshakeFailures("not_hello")).isEqualTo(1);
    assertThat(accepted).isEmpty();
    assertHonestPeerStillServed();
  }

  @Test
  void closesOnASecondHello() throws Exception {
    assertViolation("hello_after_handshake", peer -> new byte[][] {
        peer.seal(Envelope.hello()), peer.seal(Envelope.hello())});
  }

  @Test
  void closesOnAReplayedTransportFrame() throws Exception {
    assertViolation("bad_frame", peer -> {
      byte[] hello = peer.seal(Envelope.hello());
      byte[] direct = peer.seal(Envelope.direct("chat/1", new byte[] {1}));
      return new byte[][] {hello, direct, direct};
    });
  }

  @Test
  void closesOnReorderedTransportFrames() throws Exception {
    assertViolation("bad_frame", peer -> {
      byte[] hello = peer.seal(Envelope.hello());
      byte[] first = peer.seal(Envelope.direct("chat/1", new byte[] {1}));
      byte[] second = peer.seal(Envelope.direct("chat/1", new byte[] {2}));
      return new byte[][] {hello, second, first};
    });
  }

  @Test
  void closesOnAForgedTransportFrame() throws Exception {
    assertViolation("bad_frame", peer -> {
      byte[] hello = peer.seal(Envelope.hello());
      byte[] forged = peer.seal(Envelope.direct("chat/1", new byte[] {1}));
      forged[20] ^= 0x40;
      return new byte[][] {hello, forged};
    });
  }

  @Test
  void closesOnAnUnknownEnvelopeKind() throws Exception {
    assertViolation("malformed", peer -> new byte[][] {peer.seal(Envelope.hello()),
        peer.sender().seal(HexFormat.of().parseHex("850666636861742f3100004568656c6c6f"))});
  }

  @Test
  void acceptsALargeFrameRightBehindHelloInTheSameWrite() throws Exception {
    try (RawPeer peer = new RawPeer(port)) {
      peer.sendFrame(peer.honestBody1(nodeIdentity.publicKey(), NOW));
      peer.finishHandshake(nodeParams());
      byte[] big = new byte[32 * 1024];
      peer.sendFrames(peer.seal(Envelope.hello()), peer.seal(Envelope.direct("chat/1", big)));
      Envelope envelope = received.poll(5, TimeUnit.SECONDS);
      assertThat(envelope).isNotNull();
      assertThat(envelope.payload()).hasSize(big.length);
    }
  }

  @Test
  void closesOnAFrameAboveMaxFrameSizeAfterTheHandshake() throws Exception {
    try (RawPeer peer = new RawPeer(port)) {
      peer.sendFrame(peer.honestBody1(nodeIdentity.publicKey(), NOW));
      peer.finishHandshake(nodeParams());
      peer.sendFrame(peer.seal(Envelope.hello()));
      peer.sendLengthOnly(config.maxFrameSize() + 1L);
      assertThat(peer.closedByNodeWithin(CLOSE_DEADLINE)).isTrue();
    }
    assertThat(violations("frame_too_large")).isEqualTo(1);
    assertHonestPeerStillServed();
  }

  @Test
  void answersNothingAndDeliversNothingOfAHelloKindFromTheWire() throws Exception {
    assertHonestPeerStillServed();
    assertThat(received).allSatisfy(e -> assertThat(e.kind()).isNotEqualTo(EnvelopeKind.HELLO));
  }

  private interface Frames {
    byte[][] build(RawPeer peer);
  }

  private void assertViolation(String reason, Frames frames) throws Exception {
    try (RawPeer peer = new RawPeer(port)) {
      peer.sendFrame(peer.honestBody1(nodeIdentity.publicKey(), NOW));
      peer.finishHandshake(nodeParams());
      peer.sendFrames(frames.build(peer));
      assertThat(peer.closedByNodeWithin(CLOSE_DEADLINE)).isTrue();
    }
    assertThat(violations(reason)).as("violations{reason=%s} in %s", reason, registry.getMetersAsString()).isEqualTo(1);
    assertHonestPeerStillServed();
  }
}
