package io.libonomy.p2p.api;

import org.jspecify.annotations.Nullable;

/**
 * A request got no answer within its request lifetime. The peer may still process it; an
 * answer arriving later is dropped.
 */
public class RequestTimeoutException extends P2PException {

  public RequestTimeoutException(String message) {
    super(message);
  }

  public RequestTimeoutException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
