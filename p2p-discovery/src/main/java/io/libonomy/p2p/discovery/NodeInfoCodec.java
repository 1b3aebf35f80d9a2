package io.libonomy.p2p.discovery;

import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.libonomy.p2p.api.MalformedMessageException;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.identity.NodeInfo;
import io.libonomy.p2p.net.CborReader;
import io.libonomy.p2p.net.WireCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The CBOR form of the discovery payloads (ARCHITECTURE §5.6): {@code NodeInfo = [id:bytes(32),
 * ip:bytes(4|16), tcpPort, udpPort]}, a PING's payload and answer (one NodeInfo-shaped array)
 * and a GET_ADDRESSES answer (an array of them). Stateless and thread-safe.
 *
 * <p>Decoding is strict (§5.0, see {@link CborReader}) and bounded: a list holds at most {@link
 * #MAX_LIST_ENTRIES}. A wrong structure, an IP that is not 4 or 16 bytes or a port above 65535
 * make the whole payload malformed ({@link MalformedMessageException}); well-formed entries
 * with invalid values (see {@link Entry#invalidReason}) are skipped in a list and reported to
 * the caller for a single NodeInfo. Nothing else is ever thrown for bad input.
 */
final class NodeInfoCodec {

  /** More entries than fit any datagram (the seed's limit): the list is malformed. */
  static final int MAX_LIST_ENTRIES = 300;

  private static final int MAX_PORT = 65_535;
  private static final int IPV4 = 4;
  private static final int IPV6 = 16;

  /** Which values {@link Entry#invalidReason} accepts. */
  enum Rules {
    /** An address to store or share: every check of §5.6. */
    ADDRESS,
    /**
     * A PING payload or answer: an unspecified IP and tcpPort 0 are allowed, and the id is not
     * checked for low order because the caller compares it with a known key instead (the
     * authenticated sender's, or ours).
     */
    PING
  }

  /** A well-formed NodeInfo array as received, before its values are judged. */
  record Entry(byte[] id, byte[] ip, int tcpPort, int udpPort) {

    /** Why the values are invalid under {@code rules}, or null if they are valid. */
    @Nullable String invalidReason(Rules rules) {
      if (ip.length == IPV6 && isIpv4Mapped(ip)) {
        return "IPv4-mapped address";
      }
      if (isMulticast(ip)) {
        return "multicast address";
      }
      if (rules == Rules.ADDRESS && isAllZero(ip)) {
        return "unspecified address";
      }
      if (udpPort == 0 || (rules == Rules.ADDRESS && tcpPort == 0)) {
        return "port 0";
      }
      if (rules == Rules.ADDRESS && LowOrderKeys.isLowOrder(key())) {
        return "low-order id";
      }
      return null;
    }

    PublicKey key() {
      return PublicKey.of(id);
    }

    InetAddress address() {
      try {
        return InetAddress.getByAddress(ip);
      } catch (UnknownHostException e) {
        throw new AssertionError("ip is 4 or 16 bytes", e);
      }
    }

    /** The NodeInfo of these values (only meaningful once judged valid). */
    NodeInfo toNodeInfo() {
      return new NodeInfo(key(), address(), tcpPort, udpPort);
    }
  }

  private NodeInfoCodec() {}

  /** Encodes {@code [id, ip, tcpPort, udpPort]}; IPv4 as 4 bytes, IPv6 as 16. */
  static byte[] encode(NodeInfo node) {
    Objects.requireNonNull(node, "node");
    return write(encodedSize(node), g -> writeNode(g, node));
  }

  /** Encodes the four NodeInfo fields given one by one (a PING answer). */
  static byte[] encode(PublicKey id, InetAddress ip, int tcpPort, int udpPort) {
    return encode(new NodeInfo(id, ip, tcpPort, udpPort));
  }

  /** Encodes an array of NodeInfo arrays. */
  static byte[] encodeList(List<NodeInfo> nodes) {
    Objects.requireNonNull(nodes, "nodes");
    return write(listSize(nodes), g -> {
      g.writeStartArray(null, nodes.size());
      for (NodeInfo node : nodes) {
        writeNode(g, node);
      }
      g.writeEndArray();
    });
  }

  /** The exact size of {@link #encode(NodeInfo)}'s output. */
  static int encodedSize(NodeInfo node) {
    int ip = node.ip().getAddress().length;
    return 1 + stringSize(PublicKey.LENGTH) + stringSize(ip) + headerSize(node.tcpPort())
        + headerSize(node.udpPort());
  }

  /** The exact size of {@link #encodeList}'s output. */
  static int listSize(List<NodeInfo> nodes) {
    int size = headerSize(nodes.size());
    for (NodeInfo node : nodes) {
      size += encodedSize(node);
    }
    return size;
  }

  /** Bytes of a CBOR header (major types 0..5) with argument {@code value} ≥ 0. */
  static int headerSize(long value) {
    if (value < 24) {
      return 1;
    }
    if (value <= 0xFF) {
      return 2;
    }
    if (value <= 0xFFFF) {
      return 3;
    }
    return value <= 0xFFFF_FFFFL ? 5 : 9;
  }

  /** Bytes of a definite-length byte or text string of {@code length} bytes. */
  static int stringSize(int length) {
    return headerSize(length) + length;
  }

  /**
   * Decodes a payload that is exactly one NodeInfo array.
   *
   * @throws MalformedMessageException if it is not well-formed
   */
  static Entry decode(byte[] payload, String structure) {
    Objects.requireNonNull(payload, "payload");
    try (CborReader in = CborReader.of(payload, structure)) {
      in.startArray("node");
      Entry entry = readEntry(in);
      in.endOfInput();
      return entry;
    }
  }

  /**
   * Decodes an array of NodeInfo arrays, keeping the entries valid under {@link Rules#ADDRESS}
   * in order and skipping the others.
   *
   * @throws MalformedMessageException if the list or any entry is not well-formed, or the list
   *     has more than {@link #MAX_LIST_ENTRIES} entries
   */
  static List<NodeInfo> decodeList(byte[] payload) {
    Objects.requireNonNull(payload, "payload");
    List<NodeInfo> valid = new ArrayList<>();
    try (CborReader in = CborReader.of(payload, "addresses")) {
      in.startArray("list");
      int count = 0;
      while (in.nextArrayElement("entry")) {
        if (++count > MAX_LIST_ENTRIES) {
          throw new MalformedMessageException(
              "addresses: more than " + MAX_LIST_ENTRIES + " entries");
        }
        Entry entry = readEntry(in);
        if (entry.invalidReason(Rules.ADDRESS) == null) {
          valid.add(entry.toNodeInfo());
        }
      }
      in.endOfInput();
    }
    return valid;
  }

  /** Whether {@code node} may be stored or shared (§5.6). */
  static boolean isValidAddress(NodeInfo node) {
    return new Entry(node.id().bytes(), node.ip().getAddress(), node.tcpPort(), node.udpPort())
        .invalidReason(Rules.ADDRESS) == null;
  }

  private static Entry readEntry(CborReader in) {
    byte[] id = in.bytes("id");
    if (id.length != PublicKey.LENGTH) {
      throw new MalformedMessageException("node.id: expected 32 bytes, got " + id.length);
    }
    byte[] ip = in.bytes("ip");
    if (ip.length != IPV4 && ip.length != IPV6) {
      throw new MalformedMessageException("node.ip: expected 4 or 16 bytes, got " + ip.length);
    }
    int tcpPort = (int) in.uint("tcpPort", MAX_PORT);
    int udpPort = (int) in.uint("udpPort", MAX_PORT);
    in.endArray("node");
    return new Entry(id, ip, tcpPort, udpPort);
  }

  private static void writeNode(CBORGenerator g, NodeInfo node) throws IOException {
    byte[] id = node.id().bytes();
    byte[] ip = node.ip().getAddress();
    g.writeStartArray(null, 4);
    g.writeBinary(id, 0, id.length);
    g.writeBinary(ip, 0, ip.length);
    g.writeNumber(node.tcpPort());
    g.writeNumber(node.udpPort());
    g.writeEndArray();
  }

  private interface Body {
    void write(CBORGenerator generator) throws IOException;
  }

  private static byte[] write(int size, Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    try (CBORGenerator generator = WireCodec.newGenerator(out)) {
      body.write(generator);
    } catch (IOException e) {
      throw new IllegalStateException("CBOR encoding into memory failed", e);
    }
    byte[] bytes = out.toByteArray();
    if (bytes.length != size) {
      throw new IllegalStateException("CBOR encoding took " + bytes.length + " bytes, computed "
          + size);
    }
    return bytes;
  }

  private static boolean isIpv4Mapped(byte[] ip) {
    for (int i = 0; i < 10; i++) {
      if (ip[i] != 0) {
        return false;
      }
    }
    return ip[10] == (byte) 0xff && ip[11] == (byte) 0xff;
  }

  private static boolean isMulticast(byte[] ip) {
    return ip.length == IPV4 ? (ip[0] & 0xF0) == 0xE0 : ip[0] == (byte) 0xff;
  }

  private static boolean isAllZero(byte[] bytes) {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
