package io.libonomy.p2p.config;

/**
 * What a protocol's inbound queue does when its subscriber is slower than the peers sending
 * to it.
 */
public enum OverflowPolicy {
  /**
   * Stop reading from the sending connection until the subscriber catches up, so TCP flow
   * control slows the remote sender. Nothing is dropped. The default.
   */
  BACKPRESSURE,
  /** Drop the oldest queued message to make room; every drop is counted. */
  DROP_OLDEST,
  /** Drop the arriving message; every drop is counted. */
  DROP_NEWEST
}
