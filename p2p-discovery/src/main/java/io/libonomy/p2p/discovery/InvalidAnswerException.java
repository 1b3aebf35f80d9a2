package io.libonomy.p2p.discovery;

import io.libonomy.p2p.api.P2PException;
import org.jspecify.annotations.Nullable;

/**
 * A discovery peer answered, from the right key and address, with something the protocol does
 * not allow (ARCHITECTURE §5.6): a payload that is not well-formed CBOR of the expected shape
 * (the cause is then a {@link io.libonomy.p2p.api.MalformedMessageException}), or a PING answer
 * that names another key than ours or carries invalid values.
 */
public class InvalidAnswerException extends P2PException {

  public InvalidAnswerException(String message) {
    super(message);
  }

  public InvalidAnswerException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
