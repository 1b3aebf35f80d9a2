package io.libonomy.p2p.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import io.libonomy.p2p.crypto.PrivateKey;
import io.libonomy.p2p.crypto.PublicKey;
import java.util.Objects;

/** The shared known-answer vectors ({@code /vectors/wire-v1.json}), read once per test JVM. */
public final class WireVectors {

  private static final JsonNode ROOT = load();

  private WireVectors() {}

  /** The node at a JSON pointer such as {@code /handshake/body1}; fails if it is missing. */
  public static JsonNode node(String pointer) {
    JsonNode node = ROOT.at(pointer);
    if (node.isMissingNode()) {
      throw new IllegalArgumentException("no vector at " + pointer);
    }
    return node;
  }

  /** The hex byte string at a JSON pointer. */
  public static byte[] bytes(String pointer) {
    return Hex.decode(node(pointer).asText());
  }

  public static PublicKey publicKey(String input) {
    return PublicKey.of(bytes("/inputs/" + input));
  }

  public static PrivateKey privateKey(String input) {
    return PrivateKey.of(bytes("/inputs/" + input));
  }

  private static JsonNode load() {
    try (InputStream in = WireVectors.class.getResourceAsStream("/vectors/wire-v1.json")) {
      return new ObjectMapper().readTree(Objects.requireNonNull(in, "/vectors/wire-v1.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
