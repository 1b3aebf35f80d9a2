package io.libonomy.p2p.api;

import org.jspecify.annotations.Nullable;

/** A frame's length prefix exceeds the limit in force; the connection is closed before its body is buffered. */
public class FrameTooLargeException extends ProtocolViolationException {

  public FrameTooLargeException(String message) {
    super(message);
  }

  public FrameTooLargeException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
