package io.libonomy.p2p.api;

import java.util.Objects;

/**
 * The peer answered a request with a REQUEST_ERROR (§5.4). {@link #reason()} is the peer's
 * UTF-8 reason; this library sends one of {@link #NO_HANDLER}, {@link #HANDLER_FAILED} and
 * {@link #OVERLOADED}, other implementations may send other text. The reason comes from the
 * peer: treat it as untrusted text (it is at most 256 bytes long).
 */
public class RemoteRequestException extends P2PException {

  /** The peer has no handler for the request's protocol and message type. */
  public static final String NO_HANDLER = "no handler";
  /** The peer's handler failed (threw, signalled an error or returned no publisher). */
  public static final String HANDLER_FAILED = "handler failed";
  /** The peer was running as many handlers as it allows; retrying later may succeed. */
  public static final String OVERLOADED = "overloaded";

  private final String reason;

  /**
   * @param message what failed, for people (names the protocol, peer and message type)
   * @param reason the REQUEST_ERROR's reason as the peer sent it
   */
  public RemoteRequestException(String message, String reason) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The peer's reason, decoded from the REQUEST_ERROR's UTF-8 payload. */
  public String reason() {
    return reason;
  }
}
