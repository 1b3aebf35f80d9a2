package io.libonomy.p2p.net.tcp;

import io.libonomy.p2p.api.HandshakeException;
import org.jspecify.annotations.Nullable;

/** A handshake check failed; {@link #reason()} is the metric tag naming which one. */
final class HandshakeRejected extends HandshakeException {

  private final String reason;

  HandshakeRejected(String reason, String message) {
    this(reason, message, null);
  }

  HandshakeRejected(String reason, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  String reason() {
    return reason;
  }
}
