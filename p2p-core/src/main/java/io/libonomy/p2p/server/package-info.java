/**
 * Request/response by protocol name over any {@link io.libonomy.p2p.server.RequestChannel}:
 * the TCP Switch or the UDP mux.
 */
@NullMarked
package io.libonomy.p2p.server;

import org.jspecify.annotations.NullMarked;
