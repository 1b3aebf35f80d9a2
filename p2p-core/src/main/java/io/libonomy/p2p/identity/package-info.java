/**
 * Node identity: the {@link io.libonomy.p2p.identity.NodeInfo} address card with its
 * {@code libonomy://} URL form, and the {@link io.libonomy.p2p.identity.IdentityStore} that
 * keeps a node's key pair on disk.
 */
@NullMarked
package io.libonomy.p2p.identity;

import org.jspecify.annotations.NullMarked;
