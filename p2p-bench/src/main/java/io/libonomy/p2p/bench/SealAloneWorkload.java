package io.libonomy.p2p.bench;

import io.libonomy.p2p.crypto.SecretBox;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The crypto floor: {@link SecretBox#seal(byte[], byte[], byte[], int, int)} of the payload in
 * a loop on one dedicated thread, with the transport's implicit nonce (16 zero bytes, then the
 * 8-byte big-endian count of boxes already sealed) advanced on every call, as the transport
 * does for each frame. No framing, no codec, no socket.
 */
final class SealAloneWorkload implements Workload {

  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

  private final byte[] payload;
  private final byte[] key = new byte[SecretBox.KEY_LENGTH];
  private final AtomicLong sealed = new AtomicLong();
  private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
  private volatile boolean running;
  /** Written once the loop ends, so the JIT cannot treat the boxes as dead values. */
  private volatile int checksum;
  private @Nullable Thread thread;

  SealAloneWorkload(byte[] payload) {
    this.payload = Objects.requireNonNull(payload, "payload");
    new SplittableRandom(1).nextBytes(key);
  }

  @Override
  public void start() {
    running = true;
    Thread loop = new Thread(this::sealLoop, "bench-seal");
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
        long c = count;
        for (int i = SecretBox.NONCE_LENGTH - 1; i >= 16; i--) {
          nonce[i] = (byte) c;
          c >>>= 8;
        }
        byte[] box = SecretBox.seal(key, nonce, payload, 0, payload.length);
        sum += box[0];
        sealed.lazySet(++count);
      }
    } catch (RuntimeException | Error e) {
      failure.compareAndSet(null, e);
    }
    checksum = sum;
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
