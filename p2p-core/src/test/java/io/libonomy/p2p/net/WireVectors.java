package io.libonomy.p2p.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.StreamSupport;

/** The known-answer vectors of {@code /vectors/wire-v1.json} (see its README). */
final class WireVectors {

  /** Structures of a later issue (NodeInfo, §5.6): their entries are skipped by name. */
  static final Set<String> DEFERRED_STRUCTURES = Set.of("nodeInfo", "nodeInfoList");

  /** Structures this package decodes. */
  static final Set<String> DECODED_STRUCTURES = Set.of("m1", "m2", "envelope", "udpPlaintext");

  static final JsonNode ROOT = load();

  private WireVectors() {}

  /** One entry of {@code indefiniteLength}, {@code lenient} or {@code mustReject}. */
  record Entry(String what, String structure, byte[] cbor, byte[] sameValueAs) {
    @Override
    public String toString() {
      return what;
    }
  }

  static String text(String... path) {
    return node(path).asText();
  }

  static byte[] bytes(String... path) {
    return Hex.decode(text(path));
  }

  static JsonNode node(String... path) {
    JsonNode node = ROOT;
    for (String name : path) {
      node = node.path(name);
    }
    if (node.isMissingNode()) {
      throw new IllegalStateException("no " + String.join(".", path) + " in wire-v1.json");
    }
    return node;
  }

  /** Every entry of the named section, deferred structures included. */
  static List<Entry> allEntries(String section) {
    return StreamSupport.stream(node(section).spliterator(), false)
        .map(e -> new Entry(
            e.path("what").asText(),
            e.path("structure").asText(),
            Hex.decode(e.path("cbor").asText()),
            Hex.decode(e.path("sameValueAs").asText(""))))
        .toList();
  }

  /** The entries of the named section whose structure is not deferred to a later issue. */
  static List<Entry> entries(String section) {
    return allEntries(section).stream()
        .filter(e -> !DEFERRED_STRUCTURES.contains(e.structure()))
        .toList();
  }

  /** Decodes {@code cbor} with the decoder of {@code structure}. */
  static Object decode(String structure, byte[] cbor) {
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
      Objects.requireNonNull(in, "classpath resource /vectors/wire-v1.json");
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
