/** The Switch: a whole node assembled from the transport, pool and router. */
@NullMarked
package io.libonomy.p2p.swarm;

import org.jspecify.annotations.NullMarked;
