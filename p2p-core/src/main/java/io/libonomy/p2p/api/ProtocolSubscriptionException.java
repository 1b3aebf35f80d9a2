package io.libonomy.p2p.api;

import org.jspecify.annotations.Nullable;

/** A protocol already has an active subscriber; only one may consume it at a time. */
public class ProtocolSubscriptionException extends P2PException {

  public ProtocolSubscriptionException(String message) {
    super(message);
  }

  public ProtocolSubscriptionException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
