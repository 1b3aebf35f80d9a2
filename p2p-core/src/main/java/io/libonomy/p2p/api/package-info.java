/** Public API types shared by every module: errors, messages and events. */
@NullMarked
package io.libonomy.p2p.api;

import org.jspecify.annotations.NullMarked;
