package io.libonomy.p2p.gossip;

import io.libonomy.p2p.crypto.PublicKey;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.MonoSink;

/**
 * A message between arrival and its fate: waiting for validation, then (accepted) waiting
 * for its relay. Exactly one transition leaves {@link #PENDING}, by CAS.
 */
final class Inbound implements GossipMessage {

  static final int PENDING = 0;
  static final int ACCEPTED = 1;
  static final int REJECTED = 2;
  static final int IGNORED = 3;
  static final int DROPPED = 4;

  private final DefaultGossip gossip;
  private final MessageId id;
  private final String protocol;
  private final byte[] payload;
  private final PublicKey sender;
  private final boolean local;
  private final long arrivedNanos;
  private final long deadlineNanos;
  private final @Nullable MonoSink<Void> broadcast;
  private final AtomicInteger state = new AtomicInteger(PENDING);
  /** Its slot among the messages waiting for a decision. */
  volatile PendingValidations.@Nullable Slot slot;
  /** Neighbours that sent it too: they have it, so the relay skips them. Guarded by this. */
  private java.util.@Nullable Set<PublicKey> haves;
  /** The priority it was queued for relay with (set by the relay queue). */
  volatile Priority priority = Priority.LOW;

  Inbound(DefaultGossip gossip, MessageId id, String protocol, byte[] payload, PublicKey sender,
      boolean local, long arrivedNanos, long deadlineNanos, @Nullable MonoSink<Void> broadcast) {
    this.gossip = gossip;
    this.id = id;
    this.protocol = protocol;
    this.payload = payload;
    this.sender = sender;
    this.local = local;
    this.arrivedNanos = arrivedNanos;
    this.deadlineNanos = deadlineNanos;
    this.broadcast = broadcast;
  }

  @Override
  public MessageId id() {
    return id;
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public byte[] payload() {
    return payload;
  }

  @Override
  public PublicKey sender() {
    return sender;
  }

  @Override
  public boolean isLocal() {
    return local;
  }

  @Override
  public boolean accept() {
    return gossip.decide(this, ACCEPTED);
  }

  @Override
  public boolean reject() {
    return gossip.decide(this, REJECTED);
  }

  @Override
  public boolean ignore() {
    return gossip.decide(this, IGNORED);
  }

  /** {@code peer} sent this message as well. */
  synchronized void alsoFrom(PublicKey peer) {
    if (haves == null) {
      haves = new java.util.HashSet<>();
    }
    haves.add(peer);
  }

  /** Whether {@code peer} sent this message (as its first sender or later). */
  synchronized boolean cameFrom(PublicKey peer) {
    return (!local && peer.equals(sender)) || (haves != null && haves.contains(peer));
  }

  boolean transition(int to) {
    return state.compareAndSet(PENDING, to);
  }

  boolean decided() {
    return state.get() != PENDING;
  }

  long arrivedNanos() {
    return arrivedNanos;
  }

  long deadlineNanos() {
    return deadlineNanos;
  }

  @Nullable MonoSink<Void> broadcast() {
    return broadcast;
  }

  @Override
  public String toString() {
    return "GossipMessage[id=" + id + ", protocol=" + protocol + ", payload=" + payload.length
        + " bytes, sender=" + sender.shortId() + (local ? ", local" : "") + "]";
  }
}
