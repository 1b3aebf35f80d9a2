package io.libonomy.p2p.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Netty 4.2's adaptive allocator takes a short {@code StampedLock} write lock when event loops
 * share a magazine; under contention that parks, which BlockHound reports as blocking and
 * which then surfaces as a random pipeline error on a healthy connection. The lock is Netty's
 * design, not ours (Netty's own BlockHound integration does not list it yet), so tests allow
 * exactly those frames. Loaded by BlockHound through {@code META-INF/services}.
 */
public final class NettyAllocatorBlockHoundIntegration implements BlockHoundIntegration {

  @Override
  public void applyTo(BlockHound.Builder builder) {
    builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
    builder.allowBlockingCallsInside(
        "io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
    builder.allowBlockingCallsInside(
        "io.netty.buffer.AdaptivePoolingAllocator$Magazine", "allocate");
  }
}
