/**
 * Client versions: the {@link io.libonomy.p2p.version.ClientVersion} peers exchange in the
 * handshake and the rule that accepts them, and this library's own
 * {@link io.libonomy.p2p.version.LibraryVersion}.
 */
@NullMarked
package io.libonomy.p2p.version;

import org.jspecify.annotations.NullMarked;
