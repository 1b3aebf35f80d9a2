package io.libonomy.p2p.net.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.server.Endpoint;
import io.libonomy.p2p.server.InboundEnvelope;
import io.libonomy.p2p.testing.Hex;
import io.libonomy.p2p.testing.WireVectors;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The mux reproduces the shared {@code udp} vectors byte for byte (fixed keys, clock and
 * nonces) and decodes each of them to its envelope.
 */
class UdpMuxVectorsTest {

  private static final String DISCOVERY = "/udp/v2/discovery";
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Clock CLOCK = Clock.fixed(
      Instant.ofEpochMilli(WireVectors.node("/inputs/timestampMs").asLong()), ZoneOffset.UTC);
  private static final KeyPair INITIATOR = KeyPair.fromPrivate(WireVectors.privateKey("s_I"));
  private static final KeyPair RESPONDER = KeyPair.fromPrivate(WireVectors.privateKey("s_R"));
  private static final P2PConfig CONFIG = P2PConfig.defaults()
      .withBindAddress("127.0.0.1")
      .withNetworkId(WireVectors.node("/inputs/networkId").asInt());

  private final List<UdpMux> muxes = new ArrayList<>();

  @AfterEach
  void shutDown() {
    muxes.forEach(m -> m.shutdown().block(WAIT));
  }

  private UdpMux bound(KeyPair identity, String... nonceVectors) {
    Queue<byte[]> nonces = new ArrayDeque<>();
    for (String name : nonceVectors) {
      nonces.add(WireVectors.bytes("/udp/" + name + "/nonce"));
    }
    UdpMux mux = UdpMux.create(CONFIG, identity, CLOCK, new SimpleMeterRegistry(), nonces::remove);
    muxes.add(mux);
    mux.bind(0).block(WAIT);
    return mux;
  }

  private static byte[] payload(String vector) {
    return WireVectors.bytes("/udp/" + vector + "/payload");
  }

  private static String datagramHex(String vector) {
    return WireVectors.node("/udp/" + vector + "/datagram").asText();
  }

  @Test
  void sendWritesTheVectorDatagramsByteForByte() {
    UdpMux initiator = bound(INITIATOR, "ping", "getAddresses");
    UdpMux responder = bound(RESPONDER, "pingAnswer", "getAddressesAnswer");
    try (RawUdpPeer capture = RawUdpPeer.bind("127.0.0.1")) {
      Endpoint toR = Endpoint.of(RESPONDER.publicKey(), capture.address());
      Endpoint toI = Endpoint.of(INITIATOR.publicKey(), capture.address());

      initiator.send(toR, Envelope.request(DISCOVERY, 0, 1, payload("ping"))).block(WAIT);
      assertThat(Hex.encode(capture.receive(WAIT))).isEqualTo(datagramHex("ping"));

      initiator.send(toR, Envelope.request(DISCOVERY, 1, 2, payload("getAddresses")))
          .block(WAIT);
      assertThat(Hex.encode(capture.receive(WAIT))).isEqualTo(datagramHex("getAddresses"));

      responder.send(toI, Envelope.response(DISCOVERY, 0, 1, payload("pingAnswer")))
          .block(WAIT);
      assertThat(Hex.encode(capture.receive(WAIT))).isEqualTo(datagramHex("pingAnswer"));

      responder.send(toI, Envelope.response(DISCOVERY, 1, 2, payload("getAddressesAnswer")))
          .block(WAIT);
      assertThat(Hex.encode(capture.receive(WAIT)))
          .isEqualTo(datagramHex("getAddressesAnswer"));
    }
  }

  @Test
  void responderDecodesTheVectorRequests() {
    UdpMux responder = bound(RESPONDER);
    try (RawUdpPeer initiator = RawUdpPeer.bind("127.0.0.1")) {
      Endpoint from = Endpoint.of(INITIATOR.publicKey(), initiator.address());
      StepVerifier.create(responder.listen(DISCOVERY))
          .then(() -> initiator.send(WireVectors.bytes("/udp/ping/datagram"), responder.port()))
          .expectNext(inbound(from, Envelope.request(DISCOVERY, 0, 1, payload("ping"))))
          .then(() -> initiator.send(
              WireVectors.bytes("/udp/getAddresses/datagram"), responder.port()))
          .expectNext(inbound(from, Envelope.request(DISCOVERY, 1, 2, payload("getAddresses"))))
          .thenCancel()
          .verify(WAIT);
    }
  }

  @Test
  void initiatorDecodesTheVectorAnswers() {
    UdpMux initiator = bound(INITIATOR);
    try (RawUdpPeer responder = RawUdpPeer.bind("127.0.0.1")) {
      Endpoint from = Endpoint.of(RESPONDER.publicKey(), responder.address());
      StepVerifier.create(initiator.listen(DISCOVERY))
          .then(() -> responder.send(
              WireVectors.bytes("/udp/pingAnswer/datagram"), initiator.port()))
          .expectNext(inbound(from, Envelope.response(DISCOVERY, 0, 1, payload("pingAnswer"))))
          .then(() -> responder.send(
              WireVectors.bytes("/udp/getAddressesAnswer/datagram"), initiator.port()))
          .expectNext(inbound(from,
              Envelope.response(DISCOVERY, 1, 2, payload("getAddressesAnswer"))))
          .thenCancel()
          .verify(WAIT);
    }
  }

  private static InboundEnvelope inbound(Endpoint from, Envelope envelope) {
    return new InboundEnvelope(from, envelope);
  }
}
