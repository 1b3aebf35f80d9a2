package io.libonomy.p2p.net.tcp;

import io.libonomy.p2p.api.Direction;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.net.Envelope;
import java.net.InetSocketAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An established secure session with one peer: a duplex of decrypted envelopes.
 *
 * <p>Threading: every method may be called from any thread. Inbound envelopes are emitted on
 * the connection's event loop; a subscriber that must do slow work has to publish it
 * elsewhere.
 */
public interface SecureConnection {

  /** The peer's authenticated static key. */
  PublicKey remoteKey();

  /** The initiator's static key: ours for {@link Direction#OUTBOUND}, the peer's otherwise. */
  PublicKey initiatorKey();

  /** Which side dialed. */
  Direction direction();

  /** The socket address of the peer. */
  InetSocketAddress remoteAddress();

  /** The TCP port the peer says it listens on (0: it accepts no connections). */
  int remoteListenPort();

  /** The peer's client version text. */
  String remoteClientVersion();

  /**
   * The decrypted inbound envelopes (HELLO excluded), in wire order. One subscriber only.
   * Demand-driven: without demand the connection stops reading, so TCP flow control slows the
   * peer. Completes when the connection closes.
   */
  Flux<Envelope> inbound();

  /**
   * Encrypts and writes {@code envelope}. Completes when the frame is written to the socket.
   * Frames are written in the order their sends were subscribed (per thread; concurrent
   * callers interleave). The frame is encoded and encrypted on the subscribing thread. When
   * the peer does not read, sends wait (the socket's write buffer is bounded by the
   * high-water mark, the waiting sends by the buffer size: beyond it a send fails at once
   * with {@link io.libonomy.p2p.api.SendTimeoutException}); a frame that waits longer than
   * the send timeout closes the connection and fails every waiting send with
   * {@link io.libonomy.p2p.api.SendTimeoutException}. Sends fail with
   * {@link io.libonomy.p2p.api.ConnectionClosedException} when the connection closes first.
   * Cancelling a subscribed send does not withdraw its frame.
   */
  Mono<Void> send(Envelope envelope);

  /**
   * As {@link #send(Envelope)} for an envelope encoded already (sent on many connections, it
   * is encoded once).
   */
  default Mono<Void> send(io.libonomy.p2p.net.EncodedEnvelope encoded) {
    return send(encoded.envelope());
  }

  /** Completes once, when the connection has closed (for any reason). */
  Mono<Void> onClose();

  /** Closes the connection; idempotent. */
  void close();

  /** Whether the connection is still open. */
  boolean isOpen();
}
