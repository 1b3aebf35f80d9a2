/**
 * The UDP transport (ARCHITECTURE §5.5): {@link io.libonomy.p2p.net.udp.UdpMux}, a {@link
 * io.libonomy.p2p.server.RequestChannel} over one socket whose datagrams are individually
 * boxed ({@code crypto_box}), checked for freshness and replay, and rate-limited per source
 * before any crypto.
 */
@NullMarked
package io.libonomy.p2p.net.udp;

import org.jspecify.annotations.NullMarked;
