package io.libonomy.p2p.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Salsa20/20 keystream for one (key, 8-byte nonce) XOR-ed over byte ranges, four bytes at a
 * time: the stream cipher of {@link SecretBox#sealCounter}/{@link SecretBox#openCounter},
 * where every transport frame pays it. Byte for byte Bouncy Castle's {@code Salsa20Engine}
 * (a test checks it), without its per-byte keystream buffer.
 *
 * <p>Mutable, one per thread: {@link #start} re-keys it, then the keystream runs on across
 * {@link #xor} calls.
 */
final class Salsa20Counter {

  private static final VarHandle LE_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int SIGMA0 = 0x61707865;
  private static final int SIGMA1 = 0x3320646e;
  private static final int SIGMA2 = 0x79622d32;
  private static final int SIGMA3 = 0x6b206574;

  private final int[] input = new int[16];
  private final int[] block = new int[16];
  private final byte[] blockBytes = new byte[64];
  /** Bytes of the current block already used; 64 means a new block is needed. */
  private int used = 64;

  /** Keys the stream with a 32-byte key and the 8-byte nonce {@code nonce} (big-endian). */
  void start(byte[] key, long nonceBigEndian) {
    input[0] = SIGMA0;
    for (int i = 0; i < 4; i++) {
      input[1 + i] = (int) LE_INT.get(key, 4 * i);
      input[11 + i] = (int) LE_INT.get(key, 16 + 4 * i);
    }
    input[5] = SIGMA1;
    // the nonce's 8 bytes as they appear on the wire (big-endian counter), read little-endian
    long nonce = Long.reverseBytes(nonceBigEndian);
    input[6] = (int) nonce;
    input[7] = (int) (nonce >>> 32);
    input[8] = 0;
    input[9] = 0;
    input[10] = SIGMA2;
    input[15] = SIGMA3;
    used = 64;
  }

  /** {@code out[outOffset..] = in[offset..offset+length) XOR keystream}; ranges may coincide. */
  void xor(byte[] in, int offset, int length, byte[] out, int outOffset) {
    int i = 0;
    // finish a partly used block byte by byte
    while (i < length && used < 64) {
      out[outOffset + i] = (byte) (in[offset + i] ^ blockBytes[used++]);
      i++;
    }
    // whole blocks, an int at a time
    while (length - i >= 64) {
      nextBlock();
      int in0 = offset + i;
      int out0 = outOffset + i;
      for (int w = 0; w < 16; w++) {
        LE_INT.set(out, out0 + 4 * w, (int) LE_INT.get(in, in0 + 4 * w) ^ block[w]);
      }
      used = 64;
      i += 64;
    }
    // the tail
    if (i < length) {
      nextBlock();
      for (int w = 0; w < 16; w++) {
        LE_INT.set(blockBytes, 4 * w, block[w]);
      }
      used = 0;
      while (i < length) {
        out[outOffset + i] = (byte) (in[offset + i] ^ blockBytes[used++]);
        i++;
      }
    }
  }

  /** The next 64-byte keystream block into {@link #block}; advances the block counter. */
  private void nextBlock() {
    int[] s = input;
    int x0 = s[0];
    int x1 = s[1];
    int x2 = s[2];
    int x3 = s[3];
    int x4 = s[4];
    int x5 = s[5];
    int x6 = s[6];
    int x7 = s[7];
    int x8 = s[8];
    int x9 = s[9];
    int x10 = s[10];
    int x11 = s[11];
    int x12 = s[12];
    int x13 = s[13];
    int x14 = s[14];
    int x15 = s[15];
    for (int round = 0; round < 10; round++) {
      // column round
      x4 ^= Integer.rotateLeft(x0 + x12, 7);
      x8 ^= Integer.rotateLeft(x4 + x0, 9);
      x12 ^= Integer.rotateLeft(x8 + x4, 13);
      x0 ^= Integer.rotateLeft(x12 + x8, 18);
      x9 ^= Integer.rotateLeft(x5 + x1, 7);
      x13 ^= Integer.rotateLeft(x9 + x5, 9);
      x1 ^= Integer.rotateLeft(x13 + x9, 13);
      x5 ^= Integer.rotateLeft(x1 + x13, 18);
      x14 ^= Integer.rotateLeft(x10 + x6, 7);
      x2 ^= Integer.rotateLeft(x14 + x10, 9);
      x6 ^= Integer.rotateLeft(x2 + x14, 13);
      x10 ^= Integer.rotateLeft(x6 + x2, 18);
      x3 ^= Integer.rotateLeft(x15 + x11, 7);
      x7 ^= Integer.rotateLeft(x3 + x15, 9);
      x11 ^= Integer.rotateLeft(x7 + x3, 13);
      x15 ^= Integer.rotateLeft(x11 + x7, 18);
      // row round
      x1 ^= Integer.rotateLeft(x0 + x3, 7);
      x2 ^= Integer.rotateLeft(x1 + x0, 9);
      x3 ^= Integer.rotateLeft(x2 + x1, 13);
      x0 ^= Integer.rotateLeft(x3 + x2, 18);
      x6 ^= Integer.rotateLeft(x5 + x4, 7);
      x7 ^= Integer.rotateLeft(x6 + x5, 9);
      x4 ^= Integer.rotateLeft(x7 + x6, 13);
      x5 ^= Integer.rotateLeft(x4 + x7, 18);
      x11 ^= Integer.rotateLeft(x10 + x9, 7);
      x8 ^= Integer.rotateLeft(x11 + x10, 9);
      x9 ^= Integer.rotateLeft(x8 + x11, 13);
      x10 ^= Integer.rotateLeft(x9 + x8, 18);
      x12 ^= Integer.rotateLeft(x15 + x14, 7);
      x13 ^= Integer.rotateLeft(x12 + x15, 9);
      x14 ^= Integer.rotateLeft(x13 + x12, 13);
      x15 ^= Integer.rotateLeft(x14 + x13, 18);
    }
    int[] b = block;
    b[0] = x0 + s[0];
    b[1] = x1 + s[1];
    b[2] = x2 + s[2];
    b[3] = x3 + s[3];
    b[4] = x4 + s[4];
    b[5] = x5 + s[5];
    b[6] = x6 + s[6];
    b[7] = x7 + s[7];
    b[8] = x8 + s[8];
    b[9] = x9 + s[9];
    b[10] = x10 + s[10];
    b[11] = x11 + s[11];
    b[12] = x12 + s[12];
    b[13] = x13 + s[13];
    b[14] = x14 + s[14];
    b[15] = x15 + s[15];
    if (++s[8] == 0) {
      s[9]++;
    }
  }
}
