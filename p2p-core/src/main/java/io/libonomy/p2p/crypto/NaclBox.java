package io.libonomy.p2p.crypto;

import io.libonomy.p2p.api.CryptoException;
import io.libonomy.p2p.api.LowOrderKeyException;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.util.Pack;

/**
 * NaCl {@code crypto_box} (curve25519xsalsa20poly1305), byte-compatible with libsodium and
 * TweetNaCl: the box key is {@code HSalsa20(X25519(sk, pk), 16 zero bytes)} ({@link #beforenm}),
 * and the box is {@link SecretBox} under that key: 16-byte tag, then ciphertext, no nonce.
 * To box many messages between the same two keys, compute {@link #beforenm} once and use
 * {@link SecretBox} directly.
 *
 * <p>Stateless and thread-safe.
 */
public final class NaclBox {

  /** "expand 32-byte k" as little-endian words: the Salsa20 constants HSalsa20 keys with. */
  private static final int[] SIGMA = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};

  private NaclBox() {}

  /**
   * The shared box key of NaCl's {@code crypto_box_beforenm}.
   *
   * @param theirs the peer's public key
   * @param mine our private key
   * @return a new 32-byte {@link SecretBox} key; the same for both sides of a key pair pairing
   * @throws LowOrderKeyException if X25519 gives all zeros ({@code theirs} is a low-order point)
   */
  public static byte[] beforenm(PublicKey theirs, PrivateKey mine) {
    Objects.requireNonNull(theirs, "theirs");
    Objects.requireNonNull(mine, "mine");
    byte[] shared = Curve25519.sharedSecret(mine, theirs);
    try {
      return hsalsa20(shared);
    } finally {
      Arrays.fill(shared, (byte) 0);
    }
  }

  /**
   * Boxes {@code message} from {@code sender} to {@code recipient} ({@code crypto_box}).
   *
   * @param message the plaintext (any length, possibly empty); not modified
   * @param nonce 24 bytes, unique per message between these two keys
   * @param recipient the recipient's public key
   * @param sender the sender's private key
   * @return a new array of {@code message.length + 16} bytes: tag, then ciphertext
   * @throws LowOrderKeyException if {@code recipient} is a low-order point
   * @throws IllegalArgumentException if {@code nonce} is not 24 bytes long
   */
  public static byte[] seal(byte[] message, byte[] nonce, PublicKey recipient, PrivateKey sender) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(nonce, "nonce");
    byte[] key = beforenm(recipient, sender);
    try {
      return SecretBox.seal(key, nonce, message);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * Opens a box from {@code sender} to {@code recipient} ({@code crypto_box_open}).
   *
   * @param box tag then ciphertext, as {@link #seal} returns it; not modified
   * @param nonce the 24-byte nonce the box was sealed with
   * @param sender the sender's public key
   * @param recipient the recipient's private key
   * @return a new array of {@code box.length - 16} bytes holding the plaintext
   * @throws LowOrderKeyException if {@code sender} is a low-order point
   * @throws CryptoException if the box is shorter than 16 bytes or does not verify under these
   *     keys and nonce
   * @throws IllegalArgumentException if {@code nonce} is not 24 bytes long
   */
  public static byte[] open(byte[] box, byte[] nonce, PublicKey sender, PrivateKey recipient) {
    Objects.requireNonNull(box, "box");
    Objects.requireNonNull(nonce, "nonce");
    byte[] key = beforenm(sender, recipient);
    try {
      return SecretBox.open(key, nonce, box);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * HSalsa20 with a zero nonce: the Salsa20 core without its final feed-forward, which is
   * undone here by subtracting the input words at the eight output positions.
   */
  static byte[] hsalsa20(byte[] key32) {
    int[] state = new int[16];
    state[0] = SIGMA[0];
    state[5] = SIGMA[1];
    state[10] = SIGMA[2];
    state[15] = SIGMA[3];
    Pack.littleEndianToInt(key32, 0, state, 1, 4);
    Pack.littleEndianToInt(key32, 16, state, 11, 4);
    // state[6..9] carry the 16-byte HSalsa20 input, all zeros for crypto_box_beforenm
    int[] mixed = new int[16];
    Salsa20Engine.salsaCore(Salsa20Engine.DEFAULT_ROUNDS, state, mixed);
    int[] words = {
      mixed[0] - state[0], mixed[5] - state[5], mixed[10] - state[10], mixed[15] - state[15],
      mixed[6] - state[6], mixed[7] - state[7], mixed[8] - state[8], mixed[9] - state[9]
    };
    byte[] out = Pack.intToLittleEndian(words);
    Arrays.fill(state, 0);
    Arrays.fill(mixed, 0);
    Arrays.fill(words, 0);
    return out;
  }
}
