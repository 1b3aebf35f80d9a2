/**
 * Finding peers: the address book (Bitcoin Core's new/tried buckets), the UDP discovery
 * protocol (ARCHITECTURE §5.6) over the {@link io.libonomy.p2p.server.MessageServer}, bootstrap
 * and refresh, and the peers file.
 */
@NullMarked
package io.libonomy.p2p.discovery;

import org.jspecify.annotations.NullMarked;
