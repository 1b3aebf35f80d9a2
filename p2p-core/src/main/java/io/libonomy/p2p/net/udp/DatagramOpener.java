package io.libonomy.p2p.net.udp;

import io.libonomy.p2p.api.CryptoException;
import io.libonomy.p2p.api.LowOrderKeyException;
import io.libonomy.p2p.api.MalformedMessageException;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.crypto.SecretBox;
import io.libonomy.p2p.net.EnvelopeKind;
import io.libonomy.p2p.net.UdpPlaintext;
import io.libonomy.p2p.net.WireCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The receive checks of §5.5 that come after the size and rate checks, in order: version
 * byte, length, not our own key ({@link #precheck}, no crypto), then shared key (low-order
 * keys dropped), box, decoding, kind, network, clock drift, replay and the reqId of a REQUEST
 * ({@link #open}). Stateless apart from the shared caches; thread-safe.
 */
final class DatagramOpener {

  /** The outcome of {@link #open}. */
  sealed interface Result permits Accepted, Rejected {}

  /** An authenticated, fresh, well-formed request or answer. */
  record Accepted(PublicKey sender, UdpPlaintext plaintext) implements Result {}

  /** A datagram to drop, and why. */
  record Rejected(DropReason reason) implements Result {}

  private static final Map<DropReason, Rejected> REJECTED = rejections();

  private final byte[] localKey;
  private final int networkId;
  private final long maxDriftMillis;
  private final Clock clock;
  private final SharedKeys sharedKeys;
  private final ReplayCache replays;

  DatagramOpener(PublicKey local, int networkId, Duration maxClockDrift, Clock clock,
      SharedKeys sharedKeys, ReplayCache replays) {
    this.localKey = local.bytes();
    this.networkId = networkId;
    this.maxDriftMillis = maxClockDrift.toMillis();
    this.clock = clock;
    this.sharedKeys = sharedKeys;
    this.replays = replays;
  }

  /** The checks that cost no crypto; null if the datagram may go on. */
  @Nullable DropReason precheck(byte[] datagram) {
    if (datagram.length == 0) {
      return DropReason.SHORT;
    }
    if (datagram[0] != DatagramFormat.VERSION) {
      return DropReason.VERSION_BYTE;
    }
    if (datagram.length < DatagramFormat.MIN_LENGTH) {
      return DropReason.SHORT;
    }
    if (Arrays.equals(datagram, DatagramFormat.KEY_OFFSET, DatagramFormat.NONCE_OFFSET,
        localKey, 0, PublicKey.LENGTH)) {
      return DropReason.SELF;
    }
    return null;
  }

  /** The claimed sender key of a datagram that passed {@link #precheck}. */
  static PublicKey sender(byte[] datagram) {
    return PublicKey.of(
        Arrays.copyOfRange(datagram, DatagramFormat.KEY_OFFSET, DatagramFormat.NONCE_OFFSET));
  }

  /**
   * Authenticates and checks a datagram that passed {@link #precheck}. With {@code cachedKey}
   * null this computes the shared key (one X25519: call it off the event loop) and caches it
   * once the box opened.
   */
  Result open(byte[] datagram, PublicKey sender, byte @Nullable [] cachedKey) {
    byte[] key = cachedKey;
    if (key == null) {
      try {
        key = sharedKeys.compute(sender);
      } catch (LowOrderKeyException e) {
        return REJECTED.get(DropReason.LOW_ORDER_KEY);
      }
    }
    byte[] nonce = Arrays.copyOfRange(
        datagram, DatagramFormat.NONCE_OFFSET, DatagramFormat.BOX_OFFSET);
    byte[] plaintext;
    try {
      plaintext = SecretBox.open(key, nonce, datagram, DatagramFormat.BOX_OFFSET,
          datagram.length - DatagramFormat.BOX_OFFSET);
    } catch (CryptoException e) {
      return REJECTED.get(DropReason.BOX);
    }
    if (cachedKey == null) {
      sharedKeys.put(sender, key);
    }
    return check(datagram, sender, plaintext);
  }

  private Result check(byte[] datagram, PublicKey sender, byte[] plaintext) {
    UdpPlaintext p;
    try {
      p = WireCodec.decodeUdpPlaintext(plaintext);
    } catch (MalformedMessageException e) {
      return REJECTED.get(DropReason.MALFORMED);
    }
    if (!carriedOverUdp(p.kind())) {
      return REJECTED.get(DropReason.KIND);
    }
    if (p.networkId() != networkId) {
      return REJECTED.get(DropReason.NETWORK);
    }
    long now = clock.millis();
    long timestamp = p.timestampMillis();
    if (timestamp < now - maxDriftMillis || timestamp > now + maxDriftMillis) {
      return REJECTED.get(DropReason.CLOCK_DRIFT);
    }
    if (!replays.firstSeen(datagram, DatagramFormat.KEY_OFFSET,
        DatagramFormat.BOX_OFFSET - DatagramFormat.KEY_OFFSET, timestamp + maxDriftMillis, now)) {
      return REJECTED.get(DropReason.REPLAY);
    }
    if (p.kind() == EnvelopeKind.REQUEST && p.reqId() == 0) {
      return REJECTED.get(DropReason.REQUEST_ID_ZERO);
    }
    return new Accepted(sender, p);
  }

  /** REQUEST, RESPONSE and REQUEST_ERROR: the only kinds UDP carries. */
  static boolean carriedOverUdp(EnvelopeKind kind) {
    return kind == EnvelopeKind.REQUEST || kind == EnvelopeKind.RESPONSE
        || kind == EnvelopeKind.REQUEST_ERROR;
  }

  private static Map<DropReason, Rejected> rejections() {
    Map<DropReason, Rejected> map = new EnumMap<>(DropReason.class);
    for (DropReason reason : DropReason.values()) {
      map.put(reason, new Rejected(reason));
    }
    return map;
  }
}
