package io.libonomy.p2p.net.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.crypto.PrivateKey;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.WireCodec;
import io.libonomy.p2p.testing.Hex;
import io.libonomy.p2p.testing.WireVectors;
import io.libonomy.p2p.version.ClientVersion;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/** The handshake and transport frames reproduce {@code wire-v1.json} byte for byte. */
class HandshakeVectorsTest {

  private static final long NOW = WireVectors.node("/inputs/timestampMs").asLong();

  static HandshakeParams initiatorParams() {
    return new HandshakeParams(KeyPair.fromPrivate(WireVectors.privateKey("s_I")), 1,
        WireVectors.node("/inputs/initiator/clientVersion").asText(),
        WireVectors.node("/inputs/initiator/listenPort").asInt(),
        ClientVersion.parse("0.1.0"), Duration.ofMinutes(10));
  }

  static HandshakeParams responderParams() {
    return new HandshakeParams(KeyPair.fromPrivate(WireVectors.privateKey("s_R")), 1,
        WireVectors.node("/inputs/responder/clientVersion").asText(),
        WireVectors.node("/inputs/responder/listenPort").asInt(),
        ClientVersion.parse("0.1.0"), Duration.ofMinutes(10));
  }

  /** Entropy that replays the vectors' ephemeral key and nonce. */
  static HandshakeEntropy fixed(String ephemeral, String nonce) {
    Deque<byte[]> nonces = new ArrayDeque<>();
    nonces.add(WireVectors.bytes("/inputs/" + nonce));
    return new HandshakeEntropy() {
      @Override
      public KeyPair ephemeralKeyPair() {
        return KeyPair.fromPrivate(PrivateKey.of(WireVectors.bytes("/inputs/" + ephemeral)));
      }

      @Override
      public byte[] nonce() {
        return nonces.pop();
      }
    };
  }

  @Test
  void initiatorProducesFrameOneOfTheVectors() {
    HandshakeCrypto.Initiation init = HandshakeCrypto.initiate(initiatorParams(),
        WireVectors.publicKey("S_R"), NOW, fixed("e_I", "n1"));

    assertThat(Hex.encode(init.body1())).isEqualTo(WireVectors.node("/handshake/body1").asText());
  }

  @Test
  void responderAcceptsFrameOneAndProducesFrameTwoAndTheKeys() {
    byte[] body1 = WireVectors.bytes("/handshake/body1");

    HandshakeCrypto.Response response =
        HandshakeCrypto.respond(responderParams(), body1, NOW, fixed("e_R", "n2"));

    assertThat(Hex.encode(response.body2())).isEqualTo(WireVectors.node("/handshake/body2").asText());
    assertThat(response.session().remoteKey()).isEqualTo(WireVectors.publicKey("S_I"));
    assertThat(response.session().remoteClientVersion()).isEqualTo("interop-js/0.1.0");
    assertThat(response.session().remoteListenPort()).isEqualTo(7513);
    assertThat(Hex.encode(response.session().keys().initiatorToResponder()))
        .isEqualTo(WireVectors.node("/handshake/k_IR").asText());
    assertThat(Hex.encode(response.session().keys().responderToInitiator()))
        .isEqualTo(WireVectors.node("/handshake/k_RI").asText());
  }

  @Test
  void initiatorVerifiesFrameTwoAndDerivesTheSameKeys() {
    HandshakeCrypto.Initiation init = HandshakeCrypto.initiate(initiatorParams(),
        WireVectors.publicKey("S_R"), NOW, fixed("e_I", "n1"));

    HandshakeCrypto.Established session = HandshakeCrypto.finish(initiatorParams(), init,
        WireVectors.bytes("/handshake/body2"));

    assertThat(session.remoteKey()).isEqualTo(WireVectors.publicKey("S_R"));
    assertThat(session.remoteClientVersion()).isEqualTo("libonomy-p2p-java/0.1.0-SNAPSHOT");
    assertThat(session.remoteListenPort()).isEqualTo(7514);
    assertThat(Hex.encode(session.keys().initiatorToResponder()))
        .isEqualTo(WireVectors.node("/handshake/k_IR").asText());
  }

  @Test
  void transportFramesMatchTheVectorsInBothDirections() {
    TransportCipher iToR = new TransportCipher(WireVectors.bytes("/handshake/k_IR"));
    TransportCipher rToI = new TransportCipher(WireVectors.bytes("/handshake/k_RI"));
    TransportCipher openIToR = new TransportCipher(WireVectors.bytes("/handshake/k_IR"));
    for (JsonNode frame : WireVectors.node("/transport")) {
      byte[] envelope = Hex.decode(frame.get("envelope").asText());
      boolean fromInitiator = frame.get("direction").asText().equals("I->R");
      TransportCipher cipher = fromInitiator ? iToR : rToI;
      assertThat(cipher.counter()).as(frame.get("what").asText())
          .isEqualTo(frame.get("counter").asLong());

      byte[] body = cipher.seal(WireCodec.encode(WireCodec.decodeEnvelope(envelope)));

      assertThat(Hex.encode(body)).as(frame.get("what").asText())
          .isEqualTo(frame.get("body").asText());
      if (fromInitiator) {
        byte[] opened = openIToR.open(body, 0, body.length);
        assertThat(opened).isEqualTo(envelope);
      }
    }
    Envelope hello = WireCodec.decodeEnvelope(
        Hex.decode(WireVectors.node("/transport/0/envelope").asText()));
    assertThat(hello.isHello()).isTrue();
  }
}
