package io.libonomy.p2p.net.tcp;

import io.libonomy.p2p.api.CryptoException;
import io.libonomy.p2p.api.LowOrderKeyException;
import io.libonomy.p2p.api.MalformedMessageException;
import io.libonomy.p2p.crypto.Curve25519;
import io.libonomy.p2p.crypto.Hkdf;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.crypto.NaclBox;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.crypto.SecretBox;
import io.libonomy.p2p.crypto.Sha256;
import io.libonomy.p2p.net.HandshakeInit;
import io.libonomy.p2p.net.HandshakeReply;
import io.libonomy.p2p.net.WireCodec;
import io.libonomy.p2p.version.ClientVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The handshake of ARCHITECTURE §5.2 as pure functions of bytes, keys, time and entropy: no
 * I/O, no threads, so the known-answer vectors can drive it directly. Every failed check
 * throws {@link HandshakeRejected} naming the check.
 *
 * <p>Each function does X25519 work and belongs on a CPU scheduler, not an event loop.
 */
final class HandshakeCrypto {

  static final byte VERSION = 0x01;
  static final int KEY = PublicKey.LENGTH;
  static final int NONCE = SecretBox.NONCE_LENGTH;
  /** Smallest possible frame 1 body: version, S_I, E_I, n1 and an empty box. */
  static final int MIN_BODY1 = 1 + KEY + KEY + NONCE + SecretBox.TAG_LENGTH;
  /** Smallest possible frame 2 body: version, E_R, n2 and an empty box. */
  static final int MIN_BODY2 = 1 + KEY + NONCE + SecretBox.TAG_LENGTH;
  private static final byte[] INFO = "libonomy-p2p/1".getBytes(StandardCharsets.US_ASCII);

  /** What the initiator keeps between sending frame 1 and receiving frame 2. */
  record Initiation(byte[] body1, KeyPair ephemeral, PublicKey responder, byte[] boxKey) {}

  /** The outcome of a completed handshake on either side. */
  record Established(
      PublicKey remoteKey, String remoteClientVersion, int remoteListenPort, SessionKeys keys) {}

  /** The responder's answer: frame 2's body and the session it opens once HELLO arrives. */
  record Response(byte[] body2, Established session) {}

  private HandshakeCrypto() {}

  /** Builds frame 1 for {@code responder}. */
  static Initiation initiate(
      HandshakeParams local, PublicKey responder, long nowMillis, HandshakeEntropy entropy) {
    KeyPair ephemeral = entropy.ephemeralKeyPair();
    byte[] nonce = entropy.nonce();
    byte[] boxKey = boxKey(responder, local);
    byte[] ephemeralPub = ephemeral.publicKey().bytes();
    byte[] m1 = WireCodec.encode(new HandshakeInit(
        local.networkId(), local.clientVersion(), local.listenPort(), nowMillis, ephemeralPub));
    byte[] box = SecretBox.seal(boxKey, nonce, m1);
    byte[] body1 = new byte[1 + KEY + KEY + NONCE + box.length];
    body1[0] = VERSION;
    local.identity().publicKey().copyTo(body1, 1);
    System.arraycopy(ephemeralPub, 0, body1, 1 + KEY, KEY);
    System.arraycopy(nonce, 0, body1, 1 + 2 * KEY, NONCE);
    System.arraycopy(box, 0, body1, 1 + 2 * KEY + NONCE, box.length);
    return new Initiation(body1, ephemeral, responder, boxKey);
  }

  /** Checks frame 1 and builds frame 2 (responder side). */
  static Response respond(
      HandshakeParams local, byte[] body1, long nowMillis, HandshakeEntropy entropy) {
    if (body1.length < MIN_BODY1) {
      throw new HandshakeRejected("short_frame", "frame 1 has " + body1.length + " bytes");
    }
    if (body1[0] != VERSION) {
      throw new HandshakeRejected("version_byte", "frame 1 version byte " + (body1[0] & 0xFF));
    }
    PublicKey initiator = PublicKey.of(Arrays.copyOfRange(body1, 1, 1 + KEY));
    if (initiator.equals(local.identity().publicKey())) {
      throw new HandshakeRejected("self", "frame 1 claims our own static key");
    }
    byte[] ephemeralI = Arrays.copyOfRange(body1, 1 + KEY, 1 + 2 * KEY);
    byte[] nonce1 = Arrays.copyOfRange(body1, 1 + 2 * KEY, 1 + 2 * KEY + NONCE);
    byte[] boxKey = boxKey(initiator, local);
    byte[] m1Bytes = open(boxKey, nonce1, body1, 1 + 2 * KEY + NONCE, "frame 1");
    HandshakeInit m1 = decode(() -> WireCodec.decodeHandshakeInit(m1Bytes), "m1");
    if (!MessageDigest.isEqual(m1.ephemeralKey(), ephemeralI)) {
      throw new HandshakeRejected("ephemeral_mismatch", "m1.E_I differs from frame 1's E_I");
    }
    checkPeer(local, m1.networkId(), m1.clientVersion());
    long maxDrift = local.maxClockDrift().toMillis();
    if (m1.timestampMillis() < nowMillis - maxDrift
        || m1.timestampMillis() > nowMillis + maxDrift) {
      throw new HandshakeRejected("clock_drift",
          "m1 timestamp " + m1.timestampMillis() + " is " + (nowMillis - m1.timestampMillis())
              + " ms from our clock; limit " + maxDrift + " ms");
    }
    KeyPair ephemeralR = entropy.ephemeralKeyPair();
    byte[] ikm = dh(ephemeralR, ephemeralI, "E_I");
    byte[] ephemeralRPub = ephemeralR.publicKey().bytes();
    byte[] m2 = WireCodec.encode(new HandshakeReply(local.networkId(), local.clientVersion(),
        local.listenPort(), ephemeralRPub, ephemeralI));
    byte[] nonce2 = entropy.nonce();
    byte[] box = SecretBox.seal(boxKey, nonce2, m2);
    byte[] body2 = new byte[1 + KEY + NONCE + box.length];
    body2[0] = VERSION;
    System.arraycopy(ephemeralRPub, 0, body2, 1, KEY);
    System.arraycopy(nonce2, 0, body2, 1 + KEY, NONCE);
    System.arraycopy(box, 0, body2, 1 + KEY + NONCE, box.length);
    SessionKeys keys = deriveKeys(ikm, body1, body2);
    return new Response(body2,
        new Established(initiator, m1.clientVersion(), m1.listenPort(), keys));
  }

  /** Checks frame 2 and derives the session keys (initiator side). */
  static Established finish(HandshakeParams local, Initiation initiation, byte[] body2) {
    if (body2.length < MIN_BODY2) {
      throw new HandshakeRejected("short_frame", "frame 2 has " + body2.length + " bytes");
    }
    if (body2[0] != VERSION) {
      throw new HandshakeRejected("version_byte", "frame 2 version byte " + (body2[0] & 0xFF));
    }
    byte[] ephemeralR = Arrays.copyOfRange(body2, 1, 1 + KEY);
    byte[] nonce2 = Arrays.copyOfRange(body2, 1 + KEY, 1 + KEY + NONCE);
    byte[] m2Bytes = open(initiation.boxKey(), nonce2, body2, 1 + KEY + NONCE, "frame 2");
    HandshakeReply m2 = decode(() -> WireCodec.decodeHandshakeReply(m2Bytes), "m2");
    if (!MessageDigest.isEqual(m2.responderEphemeral(), ephemeralR)) {
      throw new HandshakeRejected("ephemeral_mismatch", "m2.E_R differs from frame 2's E_R");
    }
    if (!MessageDigest.isEqual(
        m2.initiatorEphemeral(), initiation.ephemeral().publicKey().bytes())) {
      throw new HandshakeRejected("ephemeral_mismatch", "m2.E_I is not our ephemeral key");
    }
    checkPeer(local, m2.networkId(), m2.clientVersion());
    byte[] ikm = dh(initiation.ephemeral(), ephemeralR, "E_R");
    SessionKeys keys = deriveKeys(ikm, initiation.body1(), body2);
    return new Established(initiation.responder(), m2.clientVersion(), m2.listenPort(), keys);
  }

  /** {@code okm = HKDF-SHA256(ikm, SHA-256(body1 || body2), "libonomy-p2p/1", 64)}. */
  static SessionKeys deriveKeys(byte[] ikm, byte[] body1, byte[] body2) {
    byte[] okm = Hkdf.sha256(ikm, Sha256.digest(body1, body2), INFO, 64);
    return new SessionKeys(Arrays.copyOfRange(okm, 0, 32), Arrays.copyOfRange(okm, 32, 64));
  }

  private static void checkPeer(HandshakeParams local, int networkId, String clientVersion) {
    if (networkId != local.networkId()) {
      throw new HandshakeRejected("network",
          "peer network id " + networkId + " differs from ours (" + local.networkId() + ")");
    }
    if (!ClientVersion.accepts(clientVersion, local.minClientVersion())) {
      throw new HandshakeRejected("client_version",
          "peer client version '" + clientVersion + "' is invalid or older than "
              + local.minClientVersion());
    }
  }

  private static byte[] boxKey(PublicKey peer, HandshakeParams local) {
    try {
      return NaclBox.beforenm(peer, local.identity().privateKey());
    } catch (LowOrderKeyException e) {
      throw new HandshakeRejected("low_order_key", "peer static key is low-order", e);
    }
  }

  private static byte[] dh(KeyPair mine, byte[] theirs, String what) {
    try {
      return Curve25519.sharedSecret(mine.privateKey().bytes(), theirs);
    } catch (LowOrderKeyException e) {
      throw new HandshakeRejected("low_order_key", "peer ephemeral key " + what + " is low-order", e);
    }
  }

  private static byte[] open(byte[] key, byte[] nonce, byte[] body, int offset, String what) {
    try {
      return SecretBox.open(key, nonce, body, offset, body.length - offset);
    } catch (CryptoException e) {
      throw new HandshakeRejected("box", what + " box does not open", e);
    }
  }

  private interface Decoder<T> {
    T decode();
  }

  private static <T> T decode(Decoder<T> decoder, String what) {
    try {
      return decoder.decode();
    } catch (MalformedMessageException e) {
      throw new HandshakeRejected("malformed", what + " is malformed: " + e.getMessage(), e);
    }
  }
}
