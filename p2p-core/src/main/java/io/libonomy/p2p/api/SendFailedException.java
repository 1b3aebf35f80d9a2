package io.libonomy.p2p.api;

import org.jspecify.annotations.Nullable;

/**
 * A message could not be handed to the socket: the operating system refused it, or the
 * socket's send buffer was full (UDP has no flow control to wait on).
 */
public class SendFailedException extends P2PException {

  public SendFailedException(String message) {
    super(message);
  }

  public SendFailedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
