package io.libonomy.p2p.bench;

/** When the raw Reactor Netty baseline flushes the frames it writes. */
enum RawFlush {
  /**
   * Reactor Netty's default for {@code NettyOutbound.send(Publisher)}: frames are written as
   * they come and flushed when the batch at hand is drained or the channel turns unwritable.
   */
  BATCH,
  /** A flush after every frame, as a library that calls {@code writeAndFlush} per send does. */
  EACH
}
