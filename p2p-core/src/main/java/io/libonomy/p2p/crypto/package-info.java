/** Keys, base58, NaCl box and secretbox, HKDF-SHA256: all on Bouncy Castle. */
@NullMarked
package io.libonomy.p2p.crypto;

import org.jspecify.annotations.NullMarked;
