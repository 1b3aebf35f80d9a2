package io.libonomy.p2p.net.tcp;

import io.libonomy.p2p.api.CryptoException;
import io.libonomy.p2p.api.ProtocolViolationException;
import io.libonomy.p2p.crypto.SecretBox;

/**
 * One direction of a session (§5.3): {@code crypto_secretbox} under that direction's key with
 * the implicit nonce {@code 16 zero bytes || u64be(frames already sent)}. The inbound instance
 * is used only from its channel's event loop; the outbound one reserves counters under the
 * connection's send lock and seals on the sending thread.
 */
final class TransportCipher {

  /** The unsigned 64-bit counter value 2^64−1, at which the connection must close. */
  private static final long EXHAUSTED = -1L;

  /** HSalsa20(key, 0^16): every frame nonce starts with 16 zero bytes, so it is fixed. */
  private final byte[] subkey;
  private long counter;

  TransportCipher(byte[] key) {
    this.subkey = SecretBox.zeroPrefixSubkey(key);
  }

  /** Seals the next frame body: 16-byte tag, then the ciphertext. */
  byte[] seal(byte[] plaintext) {
    return sealAt(reserve(), plaintext);
  }

  /**
   * Takes the next outbound counter. Not thread-safe: callers that seal from several threads
   * serialise {@code reserve} and put frames on the wire in counter order.
   */
  long reserve() {
    if (counter == EXHAUSTED) {
      throw new ProtocolViolationException("frame counter exhausted (2^64-1 frames)");
    }
    return counter++;
  }

  /** Seals {@code plaintext} as the frame with {@code frameCounter}; thread-safe. */
  byte[] sealAt(long frameCounter, byte[] plaintext) {
    byte[] body = new byte[plaintext.length + SecretBox.TAG_LENGTH];
    SecretBox.sealCounter(subkey, frameCounter, plaintext, 0, plaintext.length, body, 0);
    return body;
  }

  /**
   * Opens the next frame body.
   *
   * @throws CryptoException when the frame was forged, replayed, reordered or dropped before
   */
  byte[] open(byte[] body, int offset, int length) {
    long frameCounter = reserve();
    if (length < SecretBox.TAG_LENGTH) {
      throw new CryptoException("secretbox failed to open");
    }
    byte[] plaintext = new byte[length - SecretBox.TAG_LENGTH];
    SecretBox.openCounter(subkey, frameCounter, body, offset, length, plaintext, 0);
    return plaintext;
  }

  /**
   * Opens the next frame body where it lies: the plaintext replaces the ciphertext, at
   * {@code offset + 16}, and is not copied out. On failure the body is left as it was.
   *
   * @return the plaintext length, {@code length - 16}
   * @throws CryptoException when the frame was forged, replayed, reordered or dropped before
   */
  int openInPlace(byte[] body, int offset, int length) {
    long frameCounter = reserve();
    if (length < SecretBox.TAG_LENGTH) {
      throw new CryptoException("secretbox failed to open");
    }
    return SecretBox.openCounter(subkey, frameCounter, body, offset, length, body,
        offset + SecretBox.TAG_LENGTH);
  }

  /** Frames processed so far in this direction. */
  long counter() {
    return counter;
  }
}
