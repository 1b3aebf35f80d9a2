package io.libonomy.p2p.api;

import org.jspecify.annotations.Nullable;

/**
 * A request was refused locally, before anything was sent, because a bound was reached (for
 * example the table of pending requests is full). Retrying later may succeed.
 */
public class RequestRejectedException extends P2PException {

  public RequestRejectedException(String message) {
    super(message);
  }

  public RequestRejectedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
