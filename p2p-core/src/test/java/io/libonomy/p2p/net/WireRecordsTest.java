package io.libonomy.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.libonomy.p2p.api.MalformedMessageException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The message records validate their fields, compare by content and build the §5.4 kinds. */
class WireRecordsTest {

  private static final byte[] KEY = new byte[32];

  @Test
  void requestErrorTruncatesA300ByteAsciiReasonTo256Bytes() {
    String reason = "r".repeat(300);

    Envelope error = Envelope.requestError("sync/1", 8, 43, reason);

    assertThat(error.kind()).isEqualTo(EnvelopeKind.REQUEST_ERROR);
    assertThat(error.payload()).hasSize(Envelope.MAX_ERROR_REASON_BYTES)
        .isEqualTo("r".repeat(256).getBytes(StandardCharsets.US_ASCII));
    assertThat(WireCodec.decodeEnvelope(WireCodec.encode(error))).isEqualTo(error);
  }

  @Test
  void requestErrorCutsTheReasonOnACharacterBoundary() {
    String twoByte = "a".repeat(255) + "é";
    String fourByte = "a".repeat(254) + "\uD83D\uDE00";

    assertThat(new String(Envelope.requestError("p", 0, 1, twoByte).payload(),
        StandardCharsets.UTF_8)).isEqualTo("a".repeat(255));
    assertThat(new String(Envelope.requestError("p", 0, 1, fourByte).payload(),
        StandardCharsets.UTF_8)).isEqualTo("a".repeat(254));
    assertThat(Envelope.requestError("p", 0, 1, "a".repeat(252) + "\uD83D\uDE00").payload())
        .hasSize(256);
  }

  @Test
  void requestErrorKeepsAShortReasonWhole() {
    assertThat(Envelope.requestError("sync/1", 8, 43, "no handler").payload())
        .isEqualTo("no handler".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void onlyTheExactHelloValueIsHello() {
    assertThat(Envelope.hello().isHello()).isTrue();
    assertThat(new Envelope(EnvelopeKind.HELLO, "", 0, 0, new byte[0]).isHello()).isTrue();
    assertThat(new Envelope(EnvelopeKind.HELLO, "x", 0, 0, new byte[0]).isHello()).isFalse();
    assertThat(new Envelope(EnvelopeKind.HELLO, "", 1, 0, new byte[0]).isHello()).isFalse();
    assertThat(new Envelope(EnvelopeKind.HELLO, "", 0, 1, new byte[0]).isHello()).isFalse();
    assertThat(new Envelope(EnvelopeKind.HELLO, "", 0, 0, new byte[1]).isHello()).isFalse();
    assertThat(new Envelope(EnvelopeKind.DIRECT, "", 0, 0, new byte[0]).isHello()).isFalse();
  }

  @Test
  void directAndGossipCarryMsgTypeAndReqIdZero() {
    Envelope direct = Envelope.direct("chat/1", new byte[] {1});
    Envelope gossip = Envelope.gossip("news/1", new byte[] {2});

    assertThat(direct.kind()).isEqualTo(EnvelopeKind.DIRECT);
    assertThat(gossip.kind()).isEqualTo(EnvelopeKind.GOSSIP);
    assertThat(new long[] {direct.msgType(), direct.reqId(), gossip.msgType(), gossip.reqId()})
        .containsOnly(0L);
  }

  @Test
  void envelopeRejectsInvalidFieldsNamingThem() {
    assertThatThrownBy(() -> new Envelope(EnvelopeKind.DIRECT, "p", -1, 0, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("msgType");
    assertThatThrownBy(() -> new Envelope(EnvelopeKind.DIRECT, "p", 0, -1, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reqId");
    assertThatThrownBy(() -> Envelope.request("p", 0, 0, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reqId");
    assertThatThrownBy(() -> Envelope.direct("p\uD800", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("protocol");
    assertThatThrownBy(() -> Envelope.direct("p", null))
        .isInstanceOf(NullPointerException.class).hasMessage("payload");
  }

  @Test
  void handshakeRecordsRejectInvalidFieldsNamingThem() {
    String version = "v".repeat(129);

    assertThatThrownBy(() -> new HandshakeInit(0, version, 0, 0, KEY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clientVersion");
    assertThatThrownBy(() -> new HandshakeInit(-1, "", 0, 0, KEY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("networkId");
    assertThatThrownBy(() -> new HandshakeInit(0, "", 65536, 0, KEY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listenPort");
    assertThatThrownBy(() -> new HandshakeInit(0, "", 0, 0, new byte[31]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ephemeralKey");
    assertThatThrownBy(() -> new HandshakeReply(0, "", -1, KEY, KEY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listenPort");
    assertThatThrownBy(() -> new HandshakeReply(0, "", 0, KEY, new byte[33]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initiatorEphemeral");
    assertThatThrownBy(() -> new HandshakeReply(0, "é".repeat(65), 0, KEY, KEY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clientVersion");
  }

  @Test
  void udpPlaintextRejectsInvalidFieldsNamingThem() {
    assertThatThrownBy(() -> new UdpPlaintext(-1, 0, EnvelopeKind.REQUEST, "p", 0, 1, KEY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("networkId");
    assertThatThrownBy(() -> new UdpPlaintext(0, 0, EnvelopeKind.REQUEST, "p", -1, 1, KEY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("msgType");
    assertThatThrownBy(() -> new UdpPlaintext(0, 0, EnvelopeKind.REQUEST, "p", 0, -1, KEY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reqId");
  }

  @Test
  void recordsCompareByArrayContents() {
    Envelope a = Envelope.direct("chat/1", new byte[] {1, 2});
    Envelope b = Envelope.direct("chat/1", new byte[] {1, 2});
    HandshakeReply m2 = new HandshakeReply(1, "v", 2, new byte[32], new byte[32]);

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b)
        .isNotEqualTo(Envelope.direct("chat/1", new byte[] {1, 3}));
    assertThat(m2).isEqualTo(new HandshakeReply(1, "v", 2, new byte[32], new byte[32]))
        .hasSameHashCodeAs(new HandshakeReply(1, "v", 2, new byte[32], new byte[32]));
    assertThat(new HandshakeInit(1, "v", 2, 3, new byte[32]))
        .isEqualTo(new HandshakeInit(1, "v", 2, 3, new byte[32]));
    assertThat(a.toString()).contains("payload=2 bytes 0102");
  }

  @Test
  void envelopeKindCodesMatchTheWire() {
    assertThat(EnvelopeKind.values()).extracting(EnvelopeKind::code)
        .containsExactly(0, 1, 2, 3, 4, 5);
    for (EnvelopeKind kind : EnvelopeKind.values()) {
      assertThat(EnvelopeKind.fromCode(kind.code())).isSameAs(kind);
    }
    assertThatThrownBy(() -> EnvelopeKind.fromCode(6))
        .isInstanceOf(MalformedMessageException.class).hasMessage("unknown envelope kind 6");
    assertThatThrownBy(() -> EnvelopeKind.fromCode(-1))
        .isInstanceOf(MalformedMessageException.class);
  }
}
