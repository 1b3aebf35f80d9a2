package io.libonomy.p2p.net.tcp;

import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.crypto.NaclBox;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.crypto.SecretBox;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.HandshakeInit;
import io.libonomy.p2p.net.WireCodec;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * A hand-driven initiator on a plain blocking socket (test thread only), so tests can send
 * exactly the bytes a misbehaving peer would.
 */
final class RawPeer implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  final KeyPair identity;
  final KeyPair ephemeral;
  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;
  private byte[] body1 = new byte[0];
  private byte[] boxKey = new byte[0];
  private TransportCipher sender;
  private TransportCipher receiver;

  RawPeer(int port) throws IOException {
    this.identity = KeyPair.generate(RANDOM);
    this.ephemeral = KeyPair.generate(RANDOM);
    this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(10_000);
    this.in = new DataInputStream(socket.getInputStream());
    this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
  }

  /** An honest m1 for the node's network at {@code nowMillis}. */
  HandshakeInit m1(long nowMillis) {
    return new HandshakeInit(1, "test/0.1.0", 0, nowMillis, ephemeral.publicKey().bytes());
  }

  /** Frame 1 = version | S_I | E_I | n1 | box(m1) with every part chosen by the test. */
  byte[] body1(int version, byte[] staticKey, byte[] headerEphemeral, byte[] m1,
      PublicKey responder) {
    byte[] nonce = new byte[24];
    RANDOM.nextBytes(nonce);
    boxKey = NaclBox.beforenm(responder, identity.privateKey());
    byte[] box = SecretBox.seal(boxKey, nonce, m1);
    byte[] body = new byte[1 + 32 + 32 + 24 + box.length];
    body[0] = (byte) version;
    System.arraycopy(staticKey, 0, body, 1, 32);
    System.arraycopy(headerEphemeral, 0, body, 33, 32);
    System.arraycopy(nonce, 0, body, 65, 24);
    System.arraycopy(box, 0, body, 89, box.length);
    body1 = body;
    return body;
  }

  byte[] honestBody1(PublicKey responder, long nowMillis) {
    return body1(1, identity.publicKey().bytes(), ephemeral.publicKey().bytes(),
        WireCodec.encode(m1(nowMillis)), responder);
  }

  /** Reads frame 2 and derives the session keys as an honest initiator would. */
  void finishHandshake(HandshakeParams params) throws IOException {
    byte[] body2 = readFrame();
    HandshakeCrypto.Initiation initiation =
        new HandshakeCrypto.Initiation(body1, ephemeral, params.identity().publicKey(), boxKey);
    HandshakeCrypto.Established session = HandshakeCrypto.finish(
        new HandshakeParams(identity, params.networkId(), "test/0.1.0", 0,
            params.minClientVersion(), params.maxClockDrift()), initiation, body2);
    sender = new TransportCipher(session.keys().initiatorToResponder());
    receiver = new TransportCipher(session.keys().responderToInitiator());
  }

  TransportCipher sender() {
    return sender;
  }

  byte[] seal(Envelope envelope) {
    return sender.seal(WireCodec.encode(envelope));
  }

  Envelope receive() throws IOException {
    byte[] body = readFrame();
    return WireCodec.decodeEnvelope(receiver.open(body, 0, body.length));
  }

  void sendFrame(byte[] body) throws IOException {
    out.writeInt(body.length);
    out.write(body);
    out.flush();
  }

  void sendFrames(byte[]... bodies) throws IOException {
    for (byte[] body : bodies) {
      out.writeInt(body.length);
      out.write(body);
    }
    out.flush();
  }

  void sendLengthOnly(long length) throws IOException {
    out.writeInt((int) length);
    out.flush();
  }

  byte[] readFrame() throws IOException {
    int length = in.readInt();
    byte[] body = new byte[length];
    in.readFully(body);
    return body;
  }

  /**
   * Whether the node closes the connection within {@code within}: reads (and discards) until
   * end of stream or a reset. False if the connection is still open at the deadline.
   */
  boolean closedByNodeWithin(Duration within) throws IOException {
    socket.setSoTimeout((int) within.toMillis());
    try {
      while (in.read() >= 0) {
        // discard whatever the node still sends
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (EOFException | SocketException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
