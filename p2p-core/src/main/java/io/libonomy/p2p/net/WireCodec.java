package io.libonomy.p2p.net;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import io.libonomy.p2p.api.MalformedMessageException;
import io.libonomy.p2p.crypto.PublicKey;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The strict CBOR codec of the wire protocol v1 messages (§5.0): {@link HandshakeInit} (m1),
 * {@link HandshakeReply} (m2), {@link Envelope} and {@link UdpPlaintext} (p). Stateless and
 * thread-safe; built on Jackson's streaming CBOR parser and generator, no object mapping.
 *
 * <h2>Encoding</h2>
 *
 * Canonical and byte-for-byte reproducible: definite-length arrays, shortest-form integers,
 * definite-length text and byte strings of any length. Each {@code encode} returns a new array of
 * exactly the encoded size. Encoding cannot fail: the records validate their fields.
 *
 * <h2>Decoding</h2>
 *
 * A decoder accepts definite- and indefinite-length arrays, chunked (indefinite-length) text and
 * byte strings, including empty chunks, and non-shortest integer encodings. It rejects, with a
 * {@link MalformedMessageException} whose message names the structure and field (as in {@code
 * "envelope.reqId: expected an unsigned int <= 2^63-1, got ..."}):
 *
 * <ul>
 *   <li>a top level that is not an array, a different element count, and any byte after the
 *       array; truncated input, including an indefinite-length array without its break byte;
 *   <li>a tag anywhere (a bignum included, even when its value would fit);
 *   <li>a wrong major type: a float (any width) or a simple value where an integer belongs,
 *       text where bytes belong and bytes where text belongs, a nested array or map;
 *   <li>an integer outside its range: networkId and msgType 0..2^31−1, reqId 0..2^63−1, ports
 *       0..65535, timestampMillis −2^63..2^63−1 (the only field that may be negative), an
 *       unknown {@link EnvelopeKind} code;
 *   <li>a first element of m1, m2 or p other than the text {@code "hs1"}, {@code "hs2"}, {@code
 *       "udp"};
 *   <li>an ephemeral key that is not exactly 32 bytes, a clientVersion longer than 128 bytes;
 *   <li>invalid UTF-8 in a text string (overlong forms, surrogates, code points above U+10FFFF,
 *       truncated sequences). One leniency is Jackson's: a character split across two chunks of
 *       a chunked text string decodes as the whole character.
 * </ul>
 *
 * Decoders never throw anything else for bad input; they throw {@link
 * IndexOutOfBoundsException} only for an {@code offset}/{@code length} outside {@code data}.
 * Decoded byte arrays are fresh and owned by the returned record.
 */
public final class WireCodec {

  /** The one factory of the package; thread-safe once built. */
  static final CBORFactory FACTORY =
      CBORFactory.builder()
          .enable(CBORParser.Feature.READ_SIMPLE_VALUE_AS_EMBEDDED_OBJECT)
          .enable(CBORGenerator.Feature.WRITE_MINIMAL_INTS)
          .disable(CBORGenerator.Feature.WRITE_TYPE_HEADER)
          .disable(CBORGenerator.Feature.STRINGREF)
          // every structure is an array: no field names to intern, so skip the per-parser
          // symbol table (it cost a fifth of decoding time for small envelopes)
          .disable(com.fasterxml.jackson.core.JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
          .disable(com.fasterxml.jackson.core.JsonFactory.Feature.INTERN_FIELD_NAMES)
          .build();

  /**
   * Creates a CBOR generator configured like the codec's own (shortest integers, no type
   * header, no string references) for payloads outside the envelope, such as discovery's
   * address lists; read them back with {@link CborReader#of}.
   */
  public static CBORGenerator newGenerator(OutputStream out) throws IOException {
    return FACTORY.createGenerator(out);
  }

  private static final long UINT31_MAX = Integer.MAX_VALUE;
  private static final long UINT63_MAX = Long.MAX_VALUE;
  private static final int KEY = PublicKey.LENGTH;
  private static final int MAX_VERSION = HandshakeInit.MAX_CLIENT_VERSION_BYTES;
  private static final String HS1 = "hs1";
  private static final String HS2 = "hs2";
  private static final String UDP = "udp";
  private static final byte[] HS1_UTF8 = HS1.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HS2_UTF8 = HS2.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] UDP_UTF8 = UDP.getBytes(StandardCharsets.US_ASCII);

  private WireCodec() {}

  /** The exact size of {@link #encode(Envelope)}'s output, without encoding. */
  public static int encodedSize(Envelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    return envelopeSize(envelope, Utf8.length(envelope.protocol(), "protocol"));
  }

  /** Encodes {@code [kind, protocol, msgType, reqId, payload]}. */
  public static byte[] encode(Envelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    byte[] protocol = Utf8.encode(envelope.protocol());
    return CborWriter.array(envelopeSize(envelope, protocol.length), 5)
        .integer(envelope.kind().code())
        .text(protocol)
        .integer(envelope.msgType())
        .integer(envelope.reqId())
        .bytes(envelope.payload())
        .finish();
  }

  /** Decodes an envelope that fills {@code data}. */
  public static Envelope decodeEnvelope(byte[] data) {
    Objects.requireNonNull(data, "data");
    return decodeEnvelope(data, 0, data.length);
  }

  /** Decodes an envelope that fills {@code data[offset, offset + length)}. */
  public static Envelope decodeEnvelope(byte[] data, int offset, int length) {
    Objects.requireNonNull(data, "data");
    Objects.checkFromIndexSize(offset, length, data.length);
    Envelope canonical = CanonicalEnvelope.decode(data, offset, length);
    if (canonical != null) {
      return canonical;
    }
    return decodeEnvelopeGeneral(data, offset, length);
  }

  /** The general envelope decoder (every accepted form, every exact error). */
  static Envelope decodeEnvelopeGeneral(byte[] data, int offset, int length) {
    try (CborReader r = CborReader.open(data, offset, length, "envelope", 5)) {
      EnvelopeKind kind = r.kind("kind");
      String protocol = r.text("protocol");
      int msgType = (int) r.uint("msgType", UINT31_MAX);
      long reqId = r.uint("reqId", UINT63_MAX);
      byte[] payload = r.bytes("payload");
      r.end();
      return new Envelope(kind, protocol, msgType, reqId, payload);
    }
  }

  /** Encodes m1 = {@code ["hs1", networkId, clientVersion, listenPort, timestampMillis, E_I]}. */
  public static byte[] encode(HandshakeInit m1) {
    Objects.requireNonNull(m1, "m1");
    byte[] version = Utf8.encode(m1.clientVersion());
    int size = 1 + CborWriter.stringSize(HS1_UTF8.length)
        + CborWriter.integerSize(m1.networkId())
        + CborWriter.stringSize(version.length)
        + CborWriter.integerSize(m1.listenPort())
        + CborWriter.integerSize(m1.timestampMillis())
        + CborWriter.stringSize(KEY);
    return CborWriter.array(size, 6)
        .text(HS1_UTF8)
        .integer(m1.networkId())
        .text(version)
        .integer(m1.listenPort())
        .integer(m1.timestampMillis())
        .bytes(m1.ephemeralKey())
        .finish();
  }

  /** Decodes an m1 that fills {@code data}. */
  public static HandshakeInit decodeHandshakeInit(byte[] data) {
    Objects.requireNonNull(data, "data");
    try (CborReader r = CborReader.open(data, 0, data.length, "m1", 6)) {
      r.typeTag(HS1);
      int networkId = (int) r.uint("networkId", UINT31_MAX);
      String clientVersion = r.text("clientVersion", MAX_VERSION);
      int listenPort = (int) r.uint("listenPort", FieldChecks.MAX_PORT);
      long timestampMillis = r.integer("timestampMillis");
      byte[] ephemeralKey = r.bytes("E_I", KEY);
      r.end();
      return new HandshakeInit(networkId, clientVersion, listenPort, timestampMillis, ephemeralKey);
    }
  }

  /** Encodes m2 = {@code ["hs2", networkId, clientVersion, listenPort, E_R, E_I]}. */
  public static byte[] encode(HandshakeReply m2) {
    Objects.requireNonNull(m2, "m2");
    byte[] version = Utf8.encode(m2.clientVersion());
    int size = 1 + CborWriter.stringSize(HS2_UTF8.length)
        + CborWriter.integerSize(m2.networkId())
        + CborWriter.stringSize(version.length)
        + CborWriter.integerSize(m2.listenPort())
        + 2 * CborWriter.stringSize(KEY);
    return CborWriter.array(size, 6)
        .text(HS2_UTF8)
        .integer(m2.networkId())
        .text(version)
        .integer(m2.listenPort())
        .bytes(m2.responderEphemeral())
        .bytes(m2.initiatorEphemeral())
        .finish();
  }

  /** Decodes an m2 that fills {@code data}. */
  public static HandshakeReply decodeHandshakeReply(byte[] data) {
    Objects.requireNonNull(data, "data");
    try (CborReader r = CborReader.open(data, 0, data.length, "m2", 6)) {
      r.typeTag(HS2);
      int networkId = (int) r.uint("networkId", UINT31_MAX);
      String clientVersion = r.text("clientVersion", MAX_VERSION);
      int listenPort = (int) r.uint("listenPort", FieldChecks.MAX_PORT);
      byte[] responderEphemeral = r.bytes("E_R", KEY);
      byte[] initiatorEphemeral = r.bytes("E_I", KEY);
      r.end();
      return new HandshakeReply(
          networkId, clientVersion, listenPort, responderEphemeral, initiatorEphemeral);
    }
  }

  /**
   * Encodes p = {@code ["udp", networkId, timestampMillis, kind, protocol, msgType, reqId,
   * payload]}.
   */
  public static byte[] encode(UdpPlaintext p) {
    Objects.requireNonNull(p, "p");
    byte[] protocol = Utf8.encode(p.protocol());
    int size = 1 + CborWriter.stringSize(UDP_UTF8.length)
        + CborWriter.integerSize(p.networkId())
        + CborWriter.integerSize(p.timestampMillis())
        + CborWriter.integerSize(p.kind().code())
        + CborWriter.stringSize(protocol.length)
        + CborWriter.integerSize(p.msgType())
        + CborWriter.integerSize(p.reqId())
        + CborWriter.stringSize(p.payload().length);
    return CborWriter.array(size, 8)
        .text(UDP_UTF8)
        .integer(p.networkId())
        .integer(p.timestampMillis())
        .integer(p.kind().code())
        .text(protocol)
        .integer(p.msgType())
        .integer(p.reqId())
        .bytes(p.payload())
        .finish();
  }

  /** Decodes a p that fills {@code data}. */
  public static UdpPlaintext decodeUdpPlaintext(byte[] data) {
    Objects.requireNonNull(data, "data");
    return decodeUdpPlaintext(data, 0, data.length);
  }

  /** Decodes a p that fills {@code data[offset, offset + length)}. */
  public static UdpPlaintext decodeUdpPlaintext(byte[] data, int offset, int length) {
    try (CborReader r = CborReader.open(data, offset, length, "udp", 8)) {
      r.typeTag(UDP);
      int networkId = (int) r.uint("networkId", UINT31_MAX);
      long timestampMillis = r.integer("timestampMillis");
      EnvelopeKind kind = r.kind("kind");
      String protocol = r.text("protocol");
      int msgType = (int) r.uint("msgType", UINT31_MAX);
      long reqId = r.uint("reqId", UINT63_MAX);
      byte[] payload = r.bytes("payload");
      r.end();
      return new UdpPlaintext(networkId, timestampMillis, kind, protocol, msgType, reqId, payload);
    }
  }

  private static int envelopeSize(Envelope envelope, int protocolBytes) {
    return 1 + CborWriter.integerSize(envelope.kind().code())
        + CborWriter.stringSize(protocolBytes)
        + CborWriter.integerSize(envelope.msgType())
        + CborWriter.integerSize(envelope.reqId())
        + CborWriter.stringSize(envelope.payload().length);
  }
}
