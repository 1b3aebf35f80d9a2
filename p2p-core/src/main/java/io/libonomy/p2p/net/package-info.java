/**
 * Wire protocol v1 messages and their strict CBOR codec (ARCHITECTURE §5.0, §5.2, §5.4, §5.5):
 * the handshake plaintexts {@link io.libonomy.p2p.net.HandshakeInit m1} and {@link
 * io.libonomy.p2p.net.HandshakeReply m2}, the transport {@link io.libonomy.p2p.net.Envelope} and
 * the UDP plaintext {@link io.libonomy.p2p.net.UdpPlaintext}, encoded and decoded by {@link
 * io.libonomy.p2p.net.WireCodec}.
 */
@NullMarked
package io.libonomy.p2p.net;

import org.jspecify.annotations.NullMarked;
