package io.libonomy.p2p.net.tcp;

import io.libonomy.p2p.api.CryptoException;
import io.libonomy.p2p.api.ProtocolViolationException;
import io.libonomy.p2p.crypto.SecretBox;

/**
 * One direction of a session (§5.3): {@code crypto_secretbox} under that direction's key with
 * the implicit nonce {@code 16 zero bytes || u64be(frames already sent)}. Not thread-safe: each
 * instance is used only from its channel's event loop.
 */
final class TransportCipher {

  /** The unsigned 64-bit counter value 2^64−1, at which the connection must close. */
  private static final long EXHAUSTED = -1L;

  private final byte[] key;
  private final byte[] nonce = new byte[SecretBox.NONCE_LENGTH];
  private long counter;

  TransportCipher(byte[] key) {
    this.key = key.clone();
  }

  /** Seals the next frame body: 16-byte tag, then the ciphertext. */
  byte[] seal(byte[] plaintext) {
    advanceNonce();
    return SecretBox.seal(key, nonce, plaintext, 0, plaintext.length);
  }

  /**
   * Opens the next frame body.
   *
   * @throws CryptoException when the frame was forged, replayed, reordered or dropped before
   */
  byte[] open(byte[] body, int offset, int length) {
    advanceNonce();
    return SecretBox.open(key, nonce, body, offset, length);
  }

  /** Frames processed so far in this direction. */
  long counter() {
    return counter;
  }

  private void advanceNonce() {
    if (counter == EXHAUSTED) {
      throw new ProtocolViolationException("frame counter exhausted (2^64-1 frames)");
    }
    long c = counter++;
    for (int i = SecretBox.NONCE_LENGTH - 1; i >= 16; i--) {
      nonce[i] = (byte) c;
      c >>>= 8;
    }
  }
}
