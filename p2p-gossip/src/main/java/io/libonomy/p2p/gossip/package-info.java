/**
 * Validated flood gossip (ARCHITECTURE §5.7): message ids, a two-generation seen-cache, one
 * validating subscriber per protocol, relay in priority order from a bounded queue, and
 * penalties for neighbours that keep sending invalid messages.
 */
@NullMarked
package io.libonomy.p2p.gossip;

import org.jspecify.annotations.NullMarked;
