package io.libonomy.p2p.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.libonomy.p2p.crypto.PrivateKey;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.net.WireCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * The shared known-answer vectors ({@code /vectors/wire-v1.json}, see its README), read once
 * per test JVM. Values are addressed by JSON pointer ({@code /handshake/body1}); the encoding
 * sections ({@code indefiniteLength}, {@code lenient}, {@code mustReject}) by name.
 */
public final class WireVectors {

  /** Structures of a later issue (NodeInfo, §5.6): their entries are skipped by name. */
  public static final Set<String> DEFERRED_STRUCTURES = Set.of("nodeInfo", "nodeInfoList");

  /** Structures the wire codec decodes (see {@link #decode}). */
  public static final Set<String> DECODED_STRUCTURES =
      Set.of("m1", "m2", "envelope", "udpPlaintext");

  private static final JsonNode ROOT = load();

  private WireVectors() {}

  /** One entry of {@code indefiniteLength}, {@code lenient} or {@code mustReject}. */
  public record Entry(String what, String structure, byte[] cbor, byte[] sameValueAs) {
    @Override
    public String toString() {
      return what;
    }
  }

  /** The node at a JSON pointer such as {@code /handshake/body1}; fails if it is missing. */
  public static JsonNode node(String pointer) {
    JsonNode node = ROOT.at(pointer);
    if (node.isMissingNode()) {
      throw new IllegalArgumentException("no vector at " + pointer);
    }
    return node;
  }

  /** The text at a JSON pointer. */
  public static String text(String pointer) {
    return node(pointer).asText();
  }

  /** The hex byte string at a JSON pointer. */
  public static byte[] bytes(String pointer) {
    return Hex.decode(text(pointer));
  }

  /** The public key {@code /inputs/<input>}, e.g. {@code S_I}. */
  public static PublicKey publicKey(String input) {
    return PublicKey.of(bytes("/inputs/" + input));
  }

  /** The private key {@code /inputs/<input>}, e.g. {@code s_I}. */
  public static PrivateKey privateKey(String input) {
    return PrivateKey.of(bytes("/inputs/" + input));
  }

  /** Every entry of the named section, deferred structures included. */
  public static List<Entry> allEntries(String section) {
    return StreamSupport.stream(node("/" + section).spliterator(), false)
        .map(e -> new Entry(
            e.path("what").asText(),
            e.path("structure").asText(),
            Hex.decode(e.path("cbor").asText()),
            Hex.decode(e.path("sameValueAs").asText(""))))
        .toList();
  }

  /** The entries of the named section whose structure is not deferred to a later issue. */
  public static List<Entry> entries(String section) {
    return allEntries(section).stream()
        .filter(e -> !DEFERRED_STRUCTURES.contains(e.structure()))
        .toList();
  }

  /** Decodes {@code cbor} with the decoder of {@code structure}. */
  public static Object decode(String structure, byte[] cbor) {
    return switch (structure) {
      case "m1" -> WireCodec.decodeHandshakeInit(cbor);
      case "m2" -> WireCodec.decodeHandshakeReply(cbor);
      case "envelope" -> WireCodec.decodeEnvelope(cbor);
      case "udpPlaintext" -> WireCodec.decodeUdpPlaintext(cbor, 0, cbor.length);
      default -> throw new IllegalArgumentException("no decoder for structure " + structure);
    };
  }

  private static JsonNode load() {
    try (InputStream in = WireVectors.class.getResourceAsStream("/vectors/wire-v1.json")) {
      return new ObjectMapper().readTree(Objects.requireNonNull(in, "/vectors/wire-v1.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
