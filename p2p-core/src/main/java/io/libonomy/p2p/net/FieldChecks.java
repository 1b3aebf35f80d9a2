package io.libonomy.p2p.net;

import io.libonomy.p2p.crypto.PublicKey;
import java.util.Objects;

/** The §5.0 field rules shared by the records' compact constructors. */
final class FieldChecks {

  static final int MAX_PORT = 0xFFFF;

  private FieldChecks() {}

  static void nonNegative(int value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must be >= 0: " + value);
    }
  }

  static void nonNegative(long value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must be >= 0: " + value);
    }
  }

  static void port(int value, String field) {
    if (value < 0 || value > MAX_PORT) {
      throw new IllegalArgumentException(field + " must be in 0..65535: " + value);
    }
  }

  static void clientVersion(String clientVersion) {
    Objects.requireNonNull(clientVersion, "clientVersion");
    int bytes = Utf8.length(clientVersion, "clientVersion");
    if (bytes > HandshakeInit.MAX_CLIENT_VERSION_BYTES) {
      throw new IllegalArgumentException("clientVersion must be at most "
          + HandshakeInit.MAX_CLIENT_VERSION_BYTES + " bytes in UTF-8: " + bytes);
    }
  }

  static void key(byte[] key, String field) {
    Objects.requireNonNull(key, field);
    if (key.length != PublicKey.LENGTH) {
      throw new IllegalArgumentException(
          field + " must be " + PublicKey.LENGTH + " bytes: " + key.length);
    }
  }
}
