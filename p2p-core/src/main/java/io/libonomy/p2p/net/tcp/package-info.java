/**
 * Secure TCP sessions (ARCHITECTURE §5.1–§5.3): length-prefixed framing, the forward-secret
 * handshake and counter-nonce transport frames, on Reactor Netty.
 */
@NullMarked
package io.libonomy.p2p.net.tcp;

import org.jspecify.annotations.NullMarked;
