package io.libonomy.p2p.crypto;

import io.libonomy.p2p.api.InvalidKeyException;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A 32-byte X25519 public key: a node's identity. Immutable, compared by value; its natural
 * order is unsigned lexicographic byte order (the order of the connection tie-break, §5.2).
 * Its text form ({@link #toString()}) is base58.
 */
public final class PublicKey implements Comparable<PublicKey> {

  /** Length of every key in bytes. */
  public static final int LENGTH = 32;

  private final byte[] bytes;
  private final int hash;

  private PublicKey(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /**
   * Wraps a copy of {@code bytes}.
   *
   * @throws InvalidKeyException unless exactly 32 bytes long
   */
  public static PublicKey of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new InvalidKeyException(
          "invalid key size (got " + bytes.length + " instead of " + LENGTH + " bytes)");
    }
    return new PublicKey(bytes.clone());
  }

  /**
   * Parses the base58 text form.
   *
   * @throws InvalidKeyException if the text is not base58 or does not decode to 32 bytes
   */
  public static PublicKey fromBase58(String text) {
    return of(decodeKeyText(text));
  }

  static byte[] decodeKeyText(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new InvalidKeyException("unable to decode key: empty text");
    }
    try {
      return Base58.decode(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidKeyException("unable to decode key: " + e.getMessage(), e);
    }
  }

  /** A copy of the 32 key bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The key bytes without copying: callers must not modify the array. */
  byte[] unsafeBytes() {
    return bytes;
  }

  /** Copies the key into {@code dest} at {@code offset}. */
  public void copyTo(byte[] dest, int offset) {
    System.arraycopy(bytes, 0, dest, offset, LENGTH);
  }

  /** The base58 text form. */
  public String toBase58() {
    return Base58.encode(bytes);
  }

  /** The first 8 characters of the base58 form, for logs. */
  public String shortId() {
    String text = toBase58();
    return text.length() <= 8 ? text : text.substring(0, 8);
  }

  @Override
  public int compareTo(PublicKey other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof PublicKey other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return toBase58();
  }
}
