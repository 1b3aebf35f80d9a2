package io.libonomy.p2p.bench;

import io.libonomy.p2p.crypto.SecretBox;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The crypto floor: {@code crypto_secretbox} of the payload in a loop on one dedicated thread,
 * box number {@code n} sealed with the transport's implicit nonce {@code 16 zero bytes ||
 * u64be(n)}, a new box array per call. No framing, no codec, no socket. The {@link Mode} picks
 * how the same boxes are computed: with the full nonce on every call (the baseline,
 * seal-alone) or with the XSalsa20 subkey of the zero prefix computed once, as the transport
 * seals its frames (seal-counter).
 */
final class SealAloneWorkload implements Workload {

  /** How each box is sealed; both give the same bytes for the same counter. */
  enum Mode {
    /**
     * {@link SecretBox#seal(byte[], byte[], byte[], int, int)} with the 24-byte nonce: the
     * whole {@code crypto_secretbox}, HSalsa20 included, on every call.
     */
    FULL_NONCE,
    /**
     * {@link SecretBox#sealCounter} under {@link SecretBox#zeroPrefixSubkey} computed once per
     * workload: what the transport does per frame, one HSalsa20 fewer per box.
     */
    PRECOMPUTED_SUBKEY
  }

  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);
  private static final int COUNTER_OFFSET = SecretBox.NONCE_LENGTH - Long.BYTES;

  private final byte[] payload;
  private final Mode mode;
  private final byte[] key = new byte[SecretBox.KEY_LENGTH];
  private final byte[] subkey;
  private final AtomicLong sealed = new AtomicLong();
  private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
  private volatile boolean running;
  /** Written once the loop ends, so the JIT cannot treat the boxes as dead values. */
  private volatile int checksum;
  private @Nullable Thread thread;

  SealAloneWorkload(byte[] payload, Mode mode) {
    this.payload = Objects.requireNonNull(payload, "payload");
    this.mode = Objects.requireNonNull(mode, "mode");
    new SplittableRandom(1).nextBytes(key);
    this.subkey = SecretBox.zeroPrefixSubkey(key);
  }

  @Override
  public void start() {
    running = true;
    Thread loop = new Thread(this::sealLoop,
        mode == Mode.FULL_NONCE ? "bench-seal-alone" : "bench-seal-counter");
    loop.setDaemon(true);
    thread = loop;
    loop.start();
  }

  // One hot loop: the counter is published with lazySet, a plain store, so that reading it
  // from the measuring thread costs the loop next to nothing.
  private void sealLoop() {
    byte[] nonce = new byte[SecretBox.NONCE_LENGTH];
    long count = 0;
    int sum = 0;
    try {
      while (running) {
        byte[] box = seal(count, nonce);
        sum += box[0];
        sealed.lazySet(++count);
      }
    } catch (RuntimeException | Error e) {
      failure.compareAndSet(null, e);
    }
    checksum = sum;
  }

  /**
   * Seals the payload as box number {@code counter}: tag, then ciphertext, in a new array.
   *
   * @param nonce scratch space of {@link SecretBox#NONCE_LENGTH} bytes, zero in its first 16,
   *     that {@link Mode#FULL_NONCE} fills with the counter
   */
  byte[] seal(long counter, byte[] nonce) {
    if (mode == Mode.FULL_NONCE) {
      long c = counter;
      for (int i = SecretBox.NONCE_LENGTH - 1; i >= COUNTER_OFFSET; i--) {
        nonce[i] = (byte) c;
        c >>>= 8;
      }
      return SecretBox.seal(key, nonce, payload, 0, payload.length);
    }
    byte[] box = new byte[payload.length + SecretBox.TAG_LENGTH];
    SecretBox.sealCounter(subkey, counter, payload, 0, payload.length, box, 0);
    return box;
  }

  @Override
  public long delivered() {
    return sealed.get();
  }

  @Override
  public @Nullable Throwable failure() {
    return failure.get();
  }

  @Override
  public void close() {
    running = false;
    Thread loop = thread;
    if (loop == null) {
      return;
    }
    try {
      loop.join(JOIN_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread = null;
  }
}
