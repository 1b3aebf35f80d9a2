/**
 * Request/response by protocol name over any {@link io.libonomy.p2p.server.RequestChannel}:
 * the TCP Switch or the UDP mux. {@link io.libonomy.p2p.server.MessageServer} is the entry
 * point; the channel side of the contract is {@code RequestChannel}, {@code Endpoint} and
 * {@code InboundEnvelope}.
 */
@NullMarked
package io.libonomy.p2p.server;

import org.jspecify.annotations.NullMarked;
