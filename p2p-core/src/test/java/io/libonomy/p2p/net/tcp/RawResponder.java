package io.libonomy.p2p.net.tcp;

import io.libonomy.p2p.crypto.Curve25519;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.crypto.NaclBox;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.crypto.SecretBox;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.HandshakeReply;
import io.libonomy.p2p.net.WireCodec;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A hand-driven responder on a plain blocking {@link ServerSocket} bound to 127.0.0.1, so tests
 * can answer a real initiator with exactly the frame 2 a misbehaving peer would send. Each
 * {@link #serve} runs its script on a thread the test owns, never on a Reactor or Netty thread.
 */
final class RawResponder implements AutoCloseable {

  /** The script's view of one accepted connection. */
  interface Script {
    /** Drives the connection; the returned verdict is what {@link #verdict} reports. */
    boolean run(Connection connection) throws Exception;
  }

  /** Frame 1 as the initiator sent it: {@code 0x01 | S_I | E_I | n1 | box}. */
  record FrameOne(byte[] body, PublicKey initiatorKey, byte[] ephemeral) {
    static FrameOne parse(byte[] body) {
      return new FrameOne(body, PublicKey.of(Arrays.copyOfRange(body, 1, 33)),
          Arrays.copyOfRange(body, 33, 65));
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration IO_TIMEOUT = Duration.ofSeconds(10);

  /** The static key frame 2 is boxed with (the initiator expects some key; it may differ). */
  final KeyPair identity;
  /** The ephemeral key an honest frame 2 carries. */
  final KeyPair ephemeral = KeyPair.generate(RANDOM);
  private final ServerSocket server;
  private final CompletableFuture<Boolean> verdict = new CompletableFuture<>();

  RawResponder(KeyPair identity) throws IOException {
    this.identity = identity;
    this.server = new ServerSocket(0, 8, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
  }

  InetSocketAddress address() {
    return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
  }

  /** Accepts one connection and runs {@code script} on it, on a new test-owned thread. */
  void serve(Script script) {
    Thread thread = new Thread(() -> {
      try (Socket socket = server.accept()) {
        socket.setSoTimeout((int) IO_TIMEOUT.toMillis());
        verdict.complete(script.run(new Connection(socket)));
      } catch (Throwable e) {
        verdict.completeExceptionally(e);
      }
    }, "raw-responder");
    thread.setDaemon(true);
    thread.start();
  }

  /** What the script returned, waiting at most {@code within}. */
  boolean verdict(Duration within) throws Exception {
    return verdict.get(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The m2 an honest responder sends in answer to {@code frameOne}. */
  HandshakeReply honestM2(FrameOne frameOne) {
    return new HandshakeReply(1, "test/0.1.0", 0, ephemeral.publicKey().bytes(),
        frameOne.ephemeral());
  }

  /** Frame 2 = version | E_R | n2 | box(m2), every part chosen by the test, boxed by us. */
  byte[] body2(int version, byte[] headerEphemeral, HandshakeReply m2, FrameOne frameOne) {
    byte[] nonce = new byte[24];
    RANDOM.nextBytes(nonce);
    byte[] boxKey = NaclBox.beforenm(frameOne.initiatorKey(), identity.privateKey());
    byte[] box = SecretBox.seal(boxKey, nonce, WireCodec.encode(m2));
    byte[] body = new byte[1 + 32 + 24 + box.length];
    body[0] = (byte) version;
    System.arraycopy(headerEphemeral, 0, body, 1, 32);
    System.arraycopy(nonce, 0, body, 33, 24);
    System.arraycopy(box, 0, body, 57, box.length);
    return body;
  }

  byte[] body2(HandshakeReply m2, FrameOne frameOne) {
    return body2(1, ephemeral.publicKey().bytes(), m2, frameOne);
  }

  byte[] honestBody2(FrameOne frameOne) {
    return body2(honestM2(frameOne), frameOne);
  }

  /** The session keys an honest responder derives from {@code frameOne} and {@code body2}. */
  SessionKeys keys(FrameOne frameOne, byte[] body2) {
    byte[] ikm = Curve25519.sharedSecret(ephemeral.privateKey().bytes(), frameOne.ephemeral());
    return HandshakeCrypto.deriveKeys(ikm, frameOne.body(), body2);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  /** One accepted connection, driven by the script's thread. */
  static final class Connection {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new DataInputStream(socket.getInputStream());
      this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
    }

    FrameOne readFrameOne() throws IOException {
      return FrameOne.parse(readFrame());
    }

    byte[] readFrame() throws IOException {
      byte[] body = new byte[in.readInt()];
      in.readFully(body);
      return body;
    }

    /** Writes every frame with a single flush, so they reach the peer in one segment. */
    void send(byte[]... bodies) throws IOException {
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

    /** Reads the next frame with {@code receiver}; true if it is exactly HELLO. */
    boolean receivesHello(TransportCipher receiver) throws IOException {
      byte[] body = readFrame();
      Envelope first = WireCodec.decodeEnvelope(receiver.open(body, 0, body.length));
      return first.isHello();
    }

    /**
     * Whether the initiator closes the connection within {@code within}: reads (and discards)
     * until end of stream or a reset. False if it is still open at the deadline.
     */
    boolean closedByPeerWithin(Duration within) throws IOException {
      socket.setSoTimeout((int) within.toMillis());
      try {
        while (in.read() >= 0) {
          // discard whatever the initiator still sends
        }
        return true;
      } catch (SocketTimeoutException e) {
        return false;
      } catch (EOFException | SocketException e) {
        return true;
      }
    }
  }
}
