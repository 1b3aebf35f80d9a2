/** Whole networks of nodes on loopback in one JVM, for tests, the simulator and benchmarks. */
@NullMarked
package io.libonomy.p2p.testkit;

import org.jspecify.annotations.NullMarked;
