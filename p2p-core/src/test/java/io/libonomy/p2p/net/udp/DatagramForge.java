package io.libonomy.p2p.net.udp;

import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.crypto.NaclBox;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.net.EnvelopeKind;
import io.libonomy.p2p.net.UdpPlaintext;
import io.libonomy.p2p.net.WireCodec;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds datagrams field by field, valid or not, the way a remote peer (honest or not) would:
 * {@code 0x01 | S_sender | n | crypto_box(p, n, S_receiver, s_sender)}. Each datagram gets a
 * fresh nonce.
 */
final class DatagramForge {

  private static final AtomicLong NONCES = new AtomicLong();

  private KeyPair sender;
  private final PublicKey receiver;
  private int networkId = 1;
  private long timestampMillis;
  private EnvelopeKind kind = EnvelopeKind.REQUEST;
  private final String protocol = "test/1";
  private long reqId = 1;
  private byte[] payload = new byte[0];

  DatagramForge(KeyPair sender, PublicKey receiver, long timestampMillis) {
    this.sender = sender;
    this.receiver = receiver;
    this.timestampMillis = timestampMillis;
  }

  DatagramForge sender(KeyPair value) {
    sender = value;
    return this;
  }

  DatagramForge networkId(int value) {
    networkId = value;
    return this;
  }

  DatagramForge timestamp(long value) {
    timestampMillis = value;
    return this;
  }

  DatagramForge kind(EnvelopeKind value) {
    kind = value;
    return this;
  }

  DatagramForge reqId(long value) {
    reqId = value;
    return this;
  }

  DatagramForge payload(byte[] value) {
    payload = value;
    return this;
  }

  /** The datagram of {@code ["udp", networkId, timestamp, kind, "test/1", 0, reqId, payload]}. */
  byte[] datagram() {
    return seal(WireCodec.encode(
        new UdpPlaintext(networkId, timestampMillis, kind, protocol, 0, reqId, payload)));
  }

  /** A datagram whose box holds {@code plaintext}, whatever it is. */
  byte[] seal(byte[] plaintext) {
    byte[] n = freshNonce();
    byte[] box = NaclBox.seal(plaintext, n, receiver, sender.privateKey());
    return ByteBuffer.allocate(DatagramFormat.BOX_OFFSET + box.length)
        .put((byte) 1).put(sender.publicKey().bytes()).put(n).put(box).array();
  }

  /** Unique per test JVM: a counter in the last 8 bytes. */
  private static byte[] freshNonce() {
    return ByteBuffer.allocate(24).putLong(16, NONCES.incrementAndGet()).array();
  }
}
