/** One connection per peer: dial de-duplication, the §5.2 tie-break, eviction on close. */
@NullMarked
package io.libonomy.p2p.pool;

import org.jspecify.annotations.NullMarked;
