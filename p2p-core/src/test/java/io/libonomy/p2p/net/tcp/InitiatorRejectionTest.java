package io.libonomy.p2p.net.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.api.HandshakeException;
import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.metrics.MeterNames;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.HandshakeReply;
import io.libonomy.p2p.net.WireCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

/**
 * The initiator's side of §5.2: every failed check of frame 2 fails the dial with a
 * {@link HandshakeException}, is counted under {@code p2p.handshakes{result}}, and closes the
 * connection; so does a responder that speaks before HELLO or never answers.
 */
class InitiatorRejectionTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);
  /** Long enough that a handshake on a loaded machine never runs into it. */
  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
  /** For the one test that waits it out. */
  private static final Duration SHORT_SESSION_TIMEOUT = Duration.ofMillis(300);
  private static final byte[] LOW_ORDER = HexFormat.of().parseHex(
      "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TcpTransport initiator;
  private RawResponder responder;

  @BeforeEach
  void start() throws Exception {
    initiator = initiator(SESSION_TIMEOUT);
    responder = new RawResponder(KeyPair.generate());
  }

  private TcpTransport initiator(Duration sessionTimeout) {
    P2PConfig config = P2PConfig.defaults()
        .withBindAddress("127.0.0.1")
        .withTcpPort(0)
        .withSessionTimeout(sessionTimeout);
    return TcpTransport.create(config, KeyPair.generate(), Clock.systemUTC(), registry);
  }

  @AfterEach
  void stop() throws Exception {
    initiator.shutdown().block(DEADLINE);
    responder.close();
  }

  private double handshakes(String result) {
    var counter = registry.find(MeterNames.HANDSHAKES).tag(MeterNames.TAG_RESULT, result)
        .counter();
    return counter == null ? 0 : counter.count();
  }

  private double violations(String reason) {
    var counter = registry.find(MeterNames.PROTOCOL_VIOLATIONS)
        .tag(MeterNames.TAG_REASON, reason).counter();
    return counter == null ? 0 : counter.count();
  }

  /** Answers frame 1 with the frames {@code reply} builds, then waits for the close. */
  private void answerWith(Reply reply) {
    responder.serve(connection -> {
      RawResponder.FrameOne frameOne = connection.readFrameOne();
      connection.send(reply.frames(frameOne));
      return connection.closedByPeerWithin(DEADLINE);
    });
  }

  private interface Reply {
    byte[][] frames(RawResponder.FrameOne frameOne);
  }

  private void assertDialRejected(String result) throws Exception {
    StepVerifier.create(initiator.dial(responder.address(), responder.identity.publicKey()))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(HandshakeException.class))
        .verify(DEADLINE);
    assertThat(responder.verdict(DEADLINE)).as("the initiator closed the connection").isTrue();
    assertThat(handshakes(result)).as("handshakes{result=%s} in %s", result,
        registry.getMetersAsString()).isEqualTo(1);
    assertThat(handshakes("ok")).isZero();
  }

  private static HandshakeReply m2(int networkId, String version, byte[] eR,
      byte[] eI) {
    return new HandshakeReply(networkId, version, 0, eR, eI);
  }

  @Test
  void completesWithAnHonestResponderAndSendsHelloFirst() throws Exception {
    responder.serve(connection -> {
      RawResponder.FrameOne frameOne = connection.readFrameOne();
      byte[] body2 = responder.honestBody2(frameOne);
      connection.send(body2);
      SessionKeys keys = responder.keys(frameOne, body2);
      return connection.receivesHello(new TransportCipher(keys.initiatorToResponder()));
    });

    StepVerifier.create(initiator.dial(responder.address(), responder.identity.publicKey()))
        .assertNext(connection -> {
          assertThat(connection.remoteKey()).isEqualTo(responder.identity.publicKey());
          assertThat(connection.remoteClientVersion()).isEqualTo("test/0.1.0");
          connection.close();
        })
        .expectComplete()
        .verify(DEADLINE);
    assertThat(responder.verdict(DEADLINE)).as("first transport frame is HELLO").isTrue();
    assertThat(handshakes("ok")).isEqualTo(1);
  }

  @Test
  void rejectsAWrongVersionByteInFrameTwo() throws Exception {
    answerWith(f -> new byte[][] {responder.body2(2, responder.ephemeral.publicKey().bytes(),
        responder.honestM2(f), f)});
    assertDialRejected("version_byte");
  }

  @Test
  void rejectsAResponderThatIsNotTheExpectedKey() throws Exception {
    KeyPair expected = KeyPair.generate();
    answerWith(f -> new byte[][] {responder.honestBody2(f)});

    StepVerifier.create(initiator.dial(responder.address(), expected.publicKey()))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(HandshakeException.class)
            .hasMessageContaining("frame 2 box does not open"))
        .verify(DEADLINE);
    assertThat(responder.verdict(DEADLINE)).isTrue();
    assertThat(handshakes("box")).isEqualTo(1);
  }

  @Test
  void rejectsABoxedResponderEphemeralThatDiffersFromTheHeader() throws Exception {
    byte[] other = KeyPair.generate().publicKey().bytes();
    answerWith(f -> new byte[][] {responder.body2(
        m2(1, "test/0.1.0", other, f.ephemeral()), f)});
    assertDialRejected("ephemeral_mismatch");
  }

  @Test
  void rejectsAnEchoedInitiatorEphemeralThatIsNotOurs() throws Exception {
    byte[] other = KeyPair.generate().publicKey().bytes();
    answerWith(f -> new byte[][] {responder.body2(
        m2(1, "test/0.1.0", responder.ephemeral.publicKey().bytes(), other), f)});
    assertDialRejected("ephemeral_mismatch");
  }

  @Test
  void rejectsAnotherNetwork() throws Exception {
    answerWith(f -> new byte[][] {responder.body2(
        m2(2, "test/0.1.0", responder.ephemeral.publicKey().bytes(), f.ephemeral()), f)});
    assertDialRejected("network");
  }

  @ParameterizedTest
  @ValueSource(strings = {"test/0.0.9", "garbage"})
  void rejectsAnOldOrInvalidClientVersion(String version) throws Exception {
    answerWith(f -> new byte[][] {responder.body2(
        m2(1, version, responder.ephemeral.publicKey().bytes(), f.ephemeral()), f)});
    assertDialRejected("client_version");
  }

  @Test
  void rejectsALowOrderResponderEphemeral() throws Exception {
    answerWith(f -> new byte[][] {responder.body2(1, LOW_ORDER,
        m2(1, "test/0.1.0", LOW_ORDER, f.ephemeral()), f)});
    assertDialRejected("low_order_key");
  }

  @Test
  void closesAtTheLengthPrefixOfAnOversizeFrameTwo() throws Exception {
    responder.serve(connection -> {
      connection.readFrameOne();
      connection.sendLengthOnly(FrameDecoder.HANDSHAKE_LIMIT + 1);
      return connection.closedByPeerWithin(DEADLINE);
    });
    assertDialRejected("frame_too_large");
  }

  @ParameterizedTest
  @ValueSource(strings = {"direct", "hello"})
  void rejectsATransportFrameSentRightAfterFrameTwo(String kind) throws Exception {
    Envelope early = kind.equals("hello") ? Envelope.hello()
        : Envelope.direct("chat/1", new byte[] {1});
    answerWith(f -> {
      byte[] body2 = responder.honestBody2(f);
      TransportCipher sender =
          new TransportCipher(responder.keys(f, body2).responderToInitiator());
      return new byte[][] {body2, sender.seal(WireCodec.encode(early))};
    });
    assertDialRejected("unexpected_frame");
  }

  @Test
  void closesOnAHelloFromTheResponderAfterTheHandshake() throws Exception {
    responder.serve(connection -> {
      RawResponder.FrameOne frameOne = connection.readFrameOne();
      byte[] body2 = responder.honestBody2(frameOne);
      connection.send(body2);
      SessionKeys keys = responder.keys(frameOne, body2);
      if (!connection.receivesHello(new TransportCipher(keys.initiatorToResponder()))) {
        return false;
      }
      TransportCipher sender = new TransportCipher(keys.responderToInitiator());
      connection.send(sender.seal(WireCodec.encode(Envelope.hello())));
      return connection.closedByPeerWithin(DEADLINE);
    });
    SecureConnection connection =
        initiator.dial(responder.address(), responder.identity.publicKey()).block(DEADLINE);
    List<Envelope> delivered = new CopyOnWriteArrayList<>();
    connection.inbound().subscribe(delivered::add, e -> { });

    StepVerifier.create(connection.onClose()).expectComplete().verify(DEADLINE);
    assertThat(responder.verdict(DEADLINE)).as("the initiator closed the connection").isTrue();
    assertThat(delivered).isEmpty();
    assertThat(violations("hello_after_handshake")).isEqualTo(1);
  }

  @Test
  void failsAfterTheSessionTimeoutWhenTheResponderNeverAnswers() throws Exception {
    initiator.shutdown().block(DEADLINE);
    initiator = initiator(SHORT_SESSION_TIMEOUT);
    responder.serve(connection -> {
      connection.readFrameOne();
      return connection.closedByPeerWithin(DEADLINE);
    });

    Duration took = StepVerifier.create(
            initiator.dial(responder.address(), responder.identity.publicKey()))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(HandshakeException.class)
            .hasMessageContaining("no session within 300 ms"))
        .verify(DEADLINE);

    assertThat(took).isGreaterThanOrEqualTo(SHORT_SESSION_TIMEOUT);
    assertThat(responder.verdict(DEADLINE)).isTrue();
    assertThat(handshakes("timeout")).isEqualTo(1);
  }
}
