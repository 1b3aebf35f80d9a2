package io.libonomy.p2p.gossip;

import io.libonomy.p2p.api.P2PException;
import java.util.Objects;

/** A local {@link Gossip#broadcast} did not go out; {@link #reason()} says why. */
public class BroadcastException extends P2PException {

  /** Why a broadcast did not go out. */
  public enum Reason {
    /** No local subscriber validates the protocol (subscribe with {@code gossip(...)} first). */
    NO_SUBSCRIBER,
    /** The same payload was gossiped on the protocol recently (it has the same id). */
    DUPLICATE,
    /** The local subscriber rejected it. */
    REJECTED,
    /** The local subscriber ignored it. */
    IGNORED,
    /** The local subscriber did not decide within the validation timeout. */
    VALIDATION_TIMEOUT,
    /** The protocol's validation queue or the relay queue was full. */
    QUEUE_FULL
  }

  private final Reason reason;

  public BroadcastException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why the broadcast did not go out. */
  public Reason reason() {
    return reason;
  }
}
