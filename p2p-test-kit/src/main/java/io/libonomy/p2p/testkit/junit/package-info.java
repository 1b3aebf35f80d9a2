/**
 * JUnit Jupiter support for {@link io.libonomy.p2p.testkit.LocalNetwork}: {@link
 * io.libonomy.p2p.testkit.junit.LocalNetworkTest}. Needs {@code junit-jupiter-api} on the class
 * path, which {@code p2p-test-kit} declares optional.
 */
@NullMarked
package io.libonomy.p2p.testkit.junit;

import org.jspecify.annotations.NullMarked;
