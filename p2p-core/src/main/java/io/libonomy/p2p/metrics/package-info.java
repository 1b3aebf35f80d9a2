/** Meter names and tags shared by every module (ARCHITECTURE §8). */
@NullMarked
package io.libonomy.p2p.metrics;

import org.jspecify.annotations.NullMarked;
