/**
 * End-to-end benchmarks run by {@code ./p2p bench}: each measures this library next to
 * baselines taken in the same JVM and the same run, so the ratios hold on any machine.
 */
@NullMarked
package io.libonomy.p2p.bench;

import org.jspecify.annotations.NullMarked;
