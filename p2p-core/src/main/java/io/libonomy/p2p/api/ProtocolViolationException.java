package io.libonomy.p2p.api;

import org.jspecify.annotations.Nullable;

/** A peer broke the wire protocol after the handshake (an unexpected HELLO, an unknown envelope kind, malformed CBOR). */
public class ProtocolViolationException extends P2PException {

  public ProtocolViolationException(String message) {
    super(message);
  }

  public ProtocolViolationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
