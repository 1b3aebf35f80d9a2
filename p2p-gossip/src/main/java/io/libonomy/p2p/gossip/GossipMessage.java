package io.libonomy.p2p.gossip;

import io.libonomy.p2p.crypto.PublicKey;

/**
 * A gossip message handed to the local subscriber of its protocol for validation. The
 * subscriber decides once: {@link #accept()} relays it to every neighbour but its sender,
 * {@link #reject()} drops it and counts it against the sender, {@link #ignore()} drops it
 * without penalty. The first decision wins; later calls, and calls after the validation
 * timeout, change nothing and return {@code false}. A message not decided within
 * {@code validationTimeout} of its arrival is dropped and counted.
 */
public interface GossipMessage {

  /** The message id: SHA-256 of payload and protocol name, first 12 bytes. */
  MessageId id();

  /** The protocol it was gossiped on. */
  String protocol();

  /** The application bytes. The array is shared with the relay: do not modify it. */
  byte[] payload();

  /**
   * The neighbour this node received it from, or this node's own key for a message it
   * broadcast itself ({@link #isLocal()}). Not the author: gossip carries no author.
   */
  PublicKey sender();

  /** Whether this node broadcast it itself. */
  boolean isLocal();

  /** Valid: relay it. Returns whether this call decided the message. */
  boolean accept();

  /**
   * Invalid: drop it and count it against the sender (a neighbour over
   * {@code maxInvalidPerMinute} is disconnected and banned). Returns whether this call decided.
   */
  boolean reject();

  /** Neither relay nor penalise. Returns whether this call decided the message. */
  boolean ignore();
}
