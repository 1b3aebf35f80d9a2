package io.libonomy.p2p.net.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.config.RateLimit;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.metrics.MeterNames;
import io.libonomy.p2p.net.EnvelopeKind;
import io.libonomy.p2p.server.InboundEnvelope;
import io.libonomy.p2p.testing.Await;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;

/**
 * Every rejection of §5.5 drops the datagram without an answer, counts it under its reason, and
 * leaves the mux serving honest datagrams. The mux runs on a fixed clock so drift limits are
 * exact, with a rate limit high enough not to interfere.
 */
class UdpMuxRejectionTest {

  private static final long NOW = 1_700_000_000_000L;
  private static final long DRIFT = 600_000L; // the default maxClockDrift, 10 minutes
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String PROTOCOL = "test/1";
  private static final byte[] ORDER_8_POINT = HexFormat.of().parseHex(
      "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Queue<InboundEnvelope> received = new ConcurrentLinkedQueue<>();
  private final KeyPair nodeIdentity = KeyPair.generate();
  private final KeyPair peerIdentity = KeyPair.generate();
  private final Random random = new Random(20231114);
  private UdpMux node;
  private Disposable listener;
  private RawUdpPeer peer;
  private long nextReqId = 1_000;

  @BeforeEach
  void start() {
    P2PConfig config = P2PConfig.defaults()
        .withBindAddress("127.0.0.1")
        .withUdpRatePerSource(RateLimit.of(100_000, 100_000));
    node = UdpMux.create(config, nodeIdentity,
        Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC), registry);
    node.bind(0).block(WAIT);
    listener = node.listen(PROTOCOL).subscribe(received::add);
    peer = RawUdpPeer.bind("127.0.0.1");
  }

  @AfterEach
  void stop() {
    listener.dispose();
    node.shutdown().block(WAIT);
    peer.close();
  }

  private DatagramForge forge() {
    return new DatagramForge(peerIdentity, nodeIdentity.publicKey(), NOW);
  }

  private double dropped(DropReason reason) {
    return registry.counter(UdpMetrics.DROPPED, MeterNames.TAG_REASON, reason.tag()).count();
  }

  private double droppedInTotal() {
    return registry.find(UdpMetrics.DROPPED).counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  private boolean delivered(long reqId) {
    return received.stream().anyMatch(in -> in.envelope().reqId() == reqId);
  }

  /** Sends {@code bad}, then an honest request; both must be handled, {@code bad} dropped. */
  private void assertDroppedAndHonestServed(byte[] bad, DropReason reason) {
    int before = received.size();
    peer.send(bad, node.port());
    long reqId = nextReqId++;
    peer.send(forge().reqId(reqId).datagram(), node.port());

    Await.until(() -> dropped(reason) == 1 && delivered(reqId), WAIT,
        "one '" + reason.tag() + "' drop and the honest request " + reqId);
    assertThat(droppedInTotal()).as("drops of any reason").isEqualTo(1);
    assertThat(received).hasSize(before + 1);
  }

  private void assertAccepted(byte[] datagram, long reqId) {
    peer.send(datagram, node.port());
    Await.until(() -> delivered(reqId), WAIT, "request " + reqId);
    assertThat(droppedInTotal()).isZero();
  }

  @Test
  void honestRequestIsDeliveredWithItsSenderAndSource() {
    peer.send(forge().reqId(7).datagram(), node.port());

    Await.until(() -> delivered(7), WAIT, "request 7");
    InboundEnvelope in = received.peek();
    assertThat(in.from().key()).isEqualTo(peerIdentity.publicKey());
    assertThat(in.from().address()).isEqualTo(peer.address());
    assertThat(in.envelope().kind()).isEqualTo(EnvelopeKind.REQUEST);
  }

  @Test
  void replayedDatagramIsDropped() {
    byte[] datagram = forge().reqId(1).datagram();
    assertAccepted(datagram, 1);

    assertDroppedAndHonestServed(datagram, DropReason.REPLAY);
  }

  @Test
  void datagramOfAnotherNetworkIsDropped() {
    assertDroppedAndHonestServed(forge().networkId(2).datagram(), DropReason.NETWORK);
  }

  @ParameterizedTest
  @ValueSource(longs = {-DRIFT - 1, DRIFT + 1, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2})
  void timestampBeyondTheDriftLimitIsDropped(long offset) {
    assertDroppedAndHonestServed(forge().timestamp(NOW + offset).datagram(),
        DropReason.CLOCK_DRIFT);
  }

  @ParameterizedTest
  @ValueSource(longs = {-DRIFT, DRIFT})
  void timestampExactlyAtTheDriftLimitIsAccepted(long offset) {
    assertAccepted(forge().timestamp(NOW + offset).reqId(5).datagram(), 5);
  }

  @ParameterizedTest
  @EnumSource(value = EnvelopeKind.class, names = {"HELLO", "DIRECT", "GOSSIP"})
  void kindsUdpDoesNotCarryAreDropped(EnvelopeKind kind) {
    assertDroppedAndHonestServed(forge().kind(kind).reqId(0).datagram(), DropReason.KIND);
  }

  @Test
  void requestWithReqIdZeroIsDropped() {
    assertDroppedAndHonestServed(forge().reqId(0).datagram(), DropReason.REQUEST_ID_ZERO);
  }

  @Test
  void datagramAboveMaxDatagramSizeIsDropped() {
    byte[] oversize = forge().payload(new byte[1280]).datagram();
    assertThat(oversize.length).isGreaterThan(1280);

    assertDroppedAndHonestServed(oversize, DropReason.OVERSIZE);
  }

  @Test
  void garbageIsDroppedAtTheVersionByte() {
    byte[] garbage = new byte[300];
    random.nextBytes(garbage);
    garbage[0] = (byte) 0x9c;

    assertDroppedAndHonestServed(garbage, DropReason.VERSION_BYTE);
  }

  @Test
  void wrongVersionByteIsDropped() {
    byte[] datagram = forge().datagram();
    datagram[0] = 0x02;

    assertDroppedAndHonestServed(datagram, DropReason.VERSION_BYTE);
  }

  @Test
  void datagramShorterThanAnEmptyBoxIsDropped() {
    byte[] datagram = forge().datagram();

    assertDroppedAndHonestServed(Arrays.copyOf(datagram, DatagramFormat.MIN_LENGTH - 1),
        DropReason.SHORT);
  }

  @Test
  void garbageBehindAValidHeaderFailsTheBox() {
    byte[] datagram = forge().datagram();
    byte[] tail = new byte[datagram.length - DatagramFormat.NONCE_OFFSET];
    random.nextBytes(tail);
    System.arraycopy(tail, 0, datagram, DatagramFormat.NONCE_OFFSET, tail.length);

    assertDroppedAndHonestServed(datagram, DropReason.BOX);
  }

  @Test
  void tamperedBoxIsDropped() {
    byte[] datagram = forge().datagram();
    datagram[datagram.length - 1] ^= 1;

    assertDroppedAndHonestServed(datagram, DropReason.BOX);
  }

  @Test
  void boxOfSomethingElseThanPIsDropped() {
    byte[] notCbor = "not a udp plaintext".getBytes(StandardCharsets.UTF_8);

    assertDroppedAndHonestServed(forge().seal(notCbor), DropReason.MALFORMED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"zero", "order8"})
  void lowOrderSenderKeyIsDropped(String which) {
    byte[] datagram = forge().datagram();
    byte[] key = which.equals("zero") ? new byte[32] : ORDER_8_POINT;
    System.arraycopy(key, 0, datagram, DatagramFormat.KEY_OFFSET, 32);

    assertDroppedAndHonestServed(datagram, DropReason.LOW_ORDER_KEY);
  }

  @Test
  void ourOwnKeyAsSenderIsDropped() {
    byte[] fromOurselves = forge().sender(nodeIdentity).datagram();

    assertDroppedAndHonestServed(fromOurselves, DropReason.SELF);
  }

  @Test
  void everyDatagramIsCountedInBothDirections() {
    byte[] datagram = forge().reqId(3).datagram();
    assertAccepted(datagram, 3);

    assertThat(registry.counter(UdpMetrics.DATAGRAMS, MeterNames.TAG_DIRECTION, "in").count())
        .isEqualTo(1);
    assertThat(registry.counter(UdpMetrics.BYTES, MeterNames.TAG_DIRECTION, "in").count())
        .isEqualTo(datagram.length);
    assertThat(node.replayEntries()).isEqualTo(1);
    assertThat(node.cachedSharedKeys()).isEqualTo(1);
  }
}
