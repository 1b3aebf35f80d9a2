package io.libonomy.p2p.crypto;

import io.libonomy.p2p.api.CryptoException;
import java.util.Objects;
import org.bouncycastle.crypto.StreamCipher;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.util.Arrays;

/**
 * NaCl {@code crypto_secretbox} (XSalsa20-Poly1305), byte-compatible with libsodium and
 * TweetNaCl: the Poly1305 one-time key is the first 32 bytes of the XSalsa20 keystream, the
 * message is encrypted with the keystream from offset 32, and a box is the 16-byte tag followed
 * by the ciphertext. The nonce is not part of the box; the caller transmits or derives it.
 *
 * <p>Thread-safe: each thread reuses its own cipher and MAC instances, re-keyed on every call.
 * A (key, nonce) pair must never seal two different messages.
 */
public final class SecretBox {

  /** Length of a secretbox key in bytes. */
  public static final int KEY_LENGTH = 32;

  /** Length of a secretbox nonce in bytes. */
  public static final int NONCE_LENGTH = 24;

  /** Length of the Poly1305 tag that prefixes every box, in bytes. */
  public static final int TAG_LENGTH = 16;

  private static final String OPEN_FAILED = "secretbox failed to open";

  private static final ThreadLocal<Engines> ENGINES = ThreadLocal.withInitial(Engines::new);

  private SecretBox() {}

  /**
   * Seals {@code message[offset, offset + length)} into a new box.
   *
   * @param key the 32-byte secret key
   * @param nonce the 24-byte nonce, unique per message under {@code key}
   * @param message the array holding the plaintext; not modified
   * @param offset start of the plaintext in {@code message}
   * @param length plaintext length in bytes (0 allowed)
   * @return a new array of {@code length + 16} bytes: tag, then ciphertext
   * @throws IllegalArgumentException if {@code key} or {@code nonce} has the wrong length
   * @throws IndexOutOfBoundsException if the range lies outside {@code message}
   */
  public static byte[] seal(byte[] key, byte[] nonce, byte[] message, int offset, int length) {
    Objects.requireNonNull(message, "message");
    Objects.checkFromIndexSize(offset, length, message.length);
    byte[] box = new byte[sealedLength(length)];
    seal(key, nonce, message, offset, length, box, 0);
    return box;
  }

  /**
   * Seals all of {@code message}; see {@link #seal(byte[], byte[], byte[], int, int)}.
   *
   * @return a new array of {@code message.length + 16} bytes: tag, then ciphertext
   * @throws IllegalArgumentException if {@code key} or {@code nonce} has the wrong length
   */
  public static byte[] seal(byte[] key, byte[] nonce, byte[] message) {
    Objects.requireNonNull(message, "message");
    return seal(key, nonce, message, 0, message.length);
  }

  /**
   * Seals {@code message[offset, offset + length)} into {@code out} without allocating an
   * output array: the hot-path form for transport frames.
   *
   * @param key the 32-byte secret key
   * @param nonce the 24-byte nonce, unique per message under {@code key}
   * @param message the array holding the plaintext
   * @param offset start of the plaintext in {@code message}
   * @param length plaintext length in bytes (0 allowed)
   * @param out receives {@code length + 16} bytes at {@code outOffset}: tag, then ciphertext.
   *     It may be {@code message} itself only if the ciphertext lands exactly on the plaintext
   *     ({@code outOffset + 16 == offset}) or the two ranges are disjoint.
   * @param outOffset where the box starts in {@code out}
   * @throws IllegalArgumentException if {@code key} or {@code nonce} has the wrong length
   * @throws IndexOutOfBoundsException if either range lies outside its array
   */
  public static void seal(
      byte[] key, byte[] nonce, byte[] message, int offset, int length, byte[] out, int outOffset) {
    checkKeyAndNonce(key, nonce);
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(out, "out");
    Objects.checkFromIndexSize(offset, length, message.length);
    Objects.checkFromIndexSize(outOffset, sealedLength(length), out.length);
    Engines engines = ENGINES.get();
    sealWith(engines, engines.start(key, nonce)::processBytes, message, offset, length, out,
        outOffset);
  }

  /** A keyed stream cipher: XORs its keystream over a range, continuing where it left off. */
  @FunctionalInterface
  private interface Keystream {
    void xor(byte[] in, int offset, int length, byte[] out, int outOffset);
  }

  private static void sealWith(Engines engines, Keystream cipher, byte[] message, int offset,
      int length, byte[] out, int outOffset) {
    cipher.xor(message, offset, length, out, outOffset + TAG_LENGTH);
    engines.mac.update(out, outOffset + TAG_LENGTH, length);
    engines.mac.doFinal(out, outOffset);
  }

  /**
   * Opens the box {@code box[offset, offset + length)} into a new array.
   *
   * @param key the 32-byte secret key
   * @param nonce the 24-byte nonce the box was sealed with
   * @param box the array holding tag then ciphertext; not modified
   * @param offset start of the box in {@code box}
   * @param length box length in bytes, tag included
   * @return a new array of {@code length - 16} bytes holding the plaintext
   * @throws CryptoException ("secretbox failed to open") if {@code length < 16} or the tag does
   *     not verify: wrong key, wrong nonce, or a modified box
   * @throws IllegalArgumentException if {@code key} or {@code nonce} has the wrong length
   * @throws IndexOutOfBoundsException if the range lies outside {@code box}
   */
  public static byte[] open(byte[] key, byte[] nonce, byte[] box, int offset, int length) {
    Objects.requireNonNull(box, "box");
    Objects.checkFromIndexSize(offset, length, box.length);
    if (length < TAG_LENGTH) {
      throw new CryptoException(OPEN_FAILED);
    }
    byte[] plaintext = new byte[length - TAG_LENGTH];
    open(key, nonce, box, offset, length, plaintext, 0);
    return plaintext;
  }

  /**
   * Opens all of {@code box}; see {@link #open(byte[], byte[], byte[], int, int)}.
   *
   * @return a new array of {@code box.length - 16} bytes holding the plaintext
   * @throws CryptoException ("secretbox failed to open") if the box is shorter than 16 bytes or
   *     its tag does not verify
   * @throws IllegalArgumentException if {@code key} or {@code nonce} has the wrong length
   */
  public static byte[] open(byte[] key, byte[] nonce, byte[] box) {
    Objects.requireNonNull(box, "box");
    return open(key, nonce, box, 0, box.length);
  }

  /**
   * Opens the box {@code box[offset, offset + length)} into {@code out} without allocating an
   * output array: the hot-path form for transport frames. The tag is verified, in constant
   * time, before anything is decrypted, so on failure {@code out} is left untouched.
   *
   * @param key the 32-byte secret key
   * @param nonce the 24-byte nonce the box was sealed with
   * @param box the array holding tag then ciphertext
   * @param offset start of the box in {@code box}
   * @param length box length in bytes, tag included
   * @param out receives {@code length - 16} plaintext bytes at {@code outOffset}. It may be
   *     {@code box} itself only if the plaintext lands exactly on the ciphertext
   *     ({@code outOffset == offset + 16}) or the two ranges are disjoint.
   * @param outOffset where the plaintext starts in {@code out}
   * @return the plaintext length, {@code length - 16}
   * @throws CryptoException ("secretbox failed to open") if {@code length < 16} or the tag does
   *     not verify
   * @throws IllegalArgumentException if {@code key} or {@code nonce} has the wrong length
   * @throws IndexOutOfBoundsException if either range lies outside its array
   */
  public static int open(
      byte[] key, byte[] nonce, byte[] box, int offset, int length, byte[] out, int outOffset) {
    checkKeyAndNonce(key, nonce);
    Objects.requireNonNull(box, "box");
    Objects.requireNonNull(out, "out");
    Objects.checkFromIndexSize(offset, length, box.length);
    if (length < TAG_LENGTH) {
      throw new CryptoException(OPEN_FAILED);
    }
    Objects.checkFromIndexSize(outOffset, length - TAG_LENGTH, out.length);
    Engines engines = ENGINES.get();
    return openWith(engines, engines.start(key, nonce)::processBytes, box, offset, length, out,
        outOffset);
  }

  private static int openWith(Engines engines, Keystream cipher, byte[] box, int offset,
      int length, byte[] out, int outOffset) {
    int plainLength = length - TAG_LENGTH;
    engines.mac.update(box, offset + TAG_LENGTH, plainLength);
    engines.mac.doFinal(engines.tag, 0);
    if (!Arrays.constantTimeAreEqual(TAG_LENGTH, engines.tag, 0, box, offset)) {
      throw new CryptoException(OPEN_FAILED);
    }
    cipher.xor(box, offset + TAG_LENGTH, plainLength, out, outOffset);
    return plainLength;
  }

  /**
   * The XSalsa20 subkey shared by every nonce that starts with 16 zero bytes:
   * {@code HSalsa20(key, 0^16)}. With it, {@link #sealCounter}/{@link #openCounter} compute
   * exactly {@code crypto_secretbox} for the nonce {@code 0^16 || u64be(counter)} (the
   * transport's implicit nonces, §5.3) without redoing HSalsa20 for every frame.
   *
   * @throws IllegalArgumentException unless {@code key} is 32 bytes long
   */
  public static byte[] zeroPrefixSubkey(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length != KEY_LENGTH) {
      throw new IllegalArgumentException("key must be " + KEY_LENGTH + " bytes, got " + key.length);
    }
    return NaclBox.hsalsa20(key);
  }

  /**
   * {@code crypto_secretbox(message, 0^16 || u64be(counter), key)} given
   * {@code subkey = zeroPrefixSubkey(key)}; writes {@code length + 16} bytes (tag, then
   * ciphertext) at {@code out[outOffset]}.
   */
  public static void sealCounter(byte[] subkey, long counter, byte[] message, int offset,
      int length, byte[] out, int outOffset) {
    checkSubkey(subkey);
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(out, "out");
    Objects.checkFromIndexSize(offset, length, message.length);
    Objects.checkFromIndexSize(outOffset, sealedLength(length), out.length);
    Engines engines = ENGINES.get();
    sealWith(engines, engines.startCounter(subkey, counter)::xor, message, offset, length, out,
        outOffset);
  }

  /**
   * Opens a box sealed by {@link #sealCounter} (or by {@code crypto_secretbox} with the nonce
   * {@code 0^16 || u64be(counter)}); returns the plaintext length.
   *
   * @throws CryptoException if the box is shorter than the tag or does not authenticate
   */
  public static int openCounter(byte[] subkey, long counter, byte[] box, int offset, int length,
      byte[] out, int outOffset) {
    checkSubkey(subkey);
    Objects.requireNonNull(box, "box");
    Objects.requireNonNull(out, "out");
    Objects.checkFromIndexSize(offset, length, box.length);
    if (length < TAG_LENGTH) {
      throw new CryptoException(OPEN_FAILED);
    }
    Objects.checkFromIndexSize(outOffset, length - TAG_LENGTH, out.length);
    Engines engines = ENGINES.get();
    return openWith(engines, engines.startCounter(subkey, counter)::xor, box, offset, length,
        out, outOffset);
  }

  private static void checkSubkey(byte[] subkey) {
    Objects.requireNonNull(subkey, "subkey");
    if (subkey.length != KEY_LENGTH) {
      throw new IllegalArgumentException(
          "subkey must be " + KEY_LENGTH + " bytes, got " + subkey.length);
    }
  }

  private static int sealedLength(int length) {
    if (length > Integer.MAX_VALUE - TAG_LENGTH) {
      throw new IllegalArgumentException("message too long for a secretbox: " + length);
    }
    return length + TAG_LENGTH;
  }

  private static void checkKeyAndNonce(byte[] key, byte[] nonce) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(nonce, "nonce");
    if (key.length != KEY_LENGTH) {
      throw new IllegalArgumentException(
          "key must be " + KEY_LENGTH + " bytes, got " + key.length);
    }
    if (nonce.length != NONCE_LENGTH) {
      throw new IllegalArgumentException(
          "nonce must be " + NONCE_LENGTH + " bytes, got " + nonce.length);
    }
  }

  /** One thread's cipher and MAC; every call re-keys both, so no state leaks between calls. */
  private static final class Engines {
    final XSalsa20Engine cipher = new XSalsa20Engine();
    final Salsa20Counter counterCipher = new Salsa20Counter();
    final Poly1305 mac = new Poly1305();
    final byte[] macKey = new byte[32];
    final byte[] tag = new byte[TAG_LENGTH];

    StreamCipher start(byte[] key, byte[] nonce) {
      cipher.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
      return keyMac(cipher);
    }

    /** Salsa20 under the XSalsa20 subkey with the nonce's last 8 bytes = XSalsa20. */
    Salsa20Counter startCounter(byte[] subkey, long counter) {
      counterCipher.start(subkey, counter);
      Arrays.fill(macKey, (byte) 0);
      counterCipher.xor(macKey, 0, macKey.length, macKey, 0);
      mac.init(new KeyParameter(macKey));
      Arrays.fill(macKey, (byte) 0);
      return counterCipher;
    }

    private StreamCipher keyMac(StreamCipher stream) {
      Arrays.fill(macKey, (byte) 0);
      stream.processBytes(macKey, 0, macKey.length, macKey, 0);
      mac.init(new KeyParameter(macKey));
      Arrays.fill(macKey, (byte) 0);
      return stream;
    }
  }
}
