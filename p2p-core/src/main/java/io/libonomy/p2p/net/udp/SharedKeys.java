package io.libonomy.p2p.net.udp;

import io.libonomy.p2p.crypto.NaclBox;
import io.libonomy.p2p.crypto.PrivateKey;
import io.libonomy.p2p.crypto.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Precomputed {@code crypto_box} keys ({@link NaclBox#beforenm}) per peer key: one X25519 per
 * peer instead of one per datagram. The same key seals to a peer and opens from it. A bounded
 * LRU of at most {@code capacity} peers. The receive path inserts a key only after a box opened
 * with it, so datagrams with made-up sender keys cannot evict honest peers. Thread-safe.
 *
 * <p>Evicted keys are left to the garbage collector rather than wiped: another thread may be
 * sealing or opening with the array it looked up just before.
 */
final class SharedKeys {

  private final PrivateKey mine;
  private final Map<PublicKey, byte[]> keys;

  SharedKeys(PrivateKey mine, int capacity) {
    this.mine = mine;
    this.keys = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<PublicKey, byte[]> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The cached key for {@code peer}, or null: cheap, safe on an event loop. */
  byte @Nullable [] cached(PublicKey peer) {
    synchronized (keys) {
      return keys.get(peer);
    }
  }

  /**
   * Computes the key for {@code peer} without caching it: one X25519, so call it off the event
   * loop.
   *
   * @throws io.libonomy.p2p.api.LowOrderKeyException if {@code peer} is a low-order point
   */
  byte[] compute(PublicKey peer) {
    return NaclBox.beforenm(peer, mine);
  }

  /** Caches {@code key} for {@code peer}. */
  void put(PublicKey peer, byte[] key) {
    synchronized (keys) {
      keys.put(peer, key);
    }
  }

  /** Peers cached right now. */
  int size() {
    synchronized (keys) {
      return keys.size();
    }
  }
}
