package io.libonomy.p2p.api;

import org.jspecify.annotations.Nullable;

/** A configuration value is out of range; the message names the key. */
public class InvalidConfigException extends P2PException {

  public InvalidConfigException(String message) {
    super(message);
  }

  public InvalidConfigException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
