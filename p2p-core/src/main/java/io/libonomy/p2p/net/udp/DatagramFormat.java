package io.libonomy.p2p.net.udp;

import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.crypto.SecretBox;

/**
 * The layout of a datagram (§5.5): {@code 0x01 | S_sender (32) | n (24) | crypto_box(p)}, where
 * the box is the 16-byte tag followed by the ciphertext of {@code p}.
 */
final class DatagramFormat {

  static final byte VERSION = 0x01;
  static final int KEY_OFFSET = 1;
  static final int NONCE_OFFSET = KEY_OFFSET + PublicKey.LENGTH;
  static final int BOX_OFFSET = NONCE_OFFSET + SecretBox.NONCE_LENGTH;
  /** The smallest datagram: a box of an empty plaintext. */
  static final int MIN_LENGTH = BOX_OFFSET + SecretBox.TAG_LENGTH;

  private DatagramFormat() {}

  /** The datagram length for a plaintext of {@code plaintextLength} bytes. */
  static int length(int plaintextLength) {
    return MIN_LENGTH + plaintextLength;
  }

  /** Builds the datagram sealing {@code plaintext} with the box key {@code key}. */
  static byte[] seal(PublicKey sender, byte[] nonce, byte[] key, byte[] plaintext) {
    byte[] datagram = new byte[length(plaintext.length)];
    datagram[0] = VERSION;
    sender.copyTo(datagram, KEY_OFFSET);
    System.arraycopy(nonce, 0, datagram, NONCE_OFFSET, SecretBox.NONCE_LENGTH);
    SecretBox.seal(key, nonce, plaintext, 0, plaintext.length, datagram, BOX_OFFSET);
    return datagram;
  }
}
