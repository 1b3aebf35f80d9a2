package io.libonomy.p2p.gossip;

import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * Accepted messages waiting to be relayed: one FIFO per {@link Priority}, at most
 * {@code capacity} messages in all. {@link #poll()} takes from the highest priority first.
 * When full, an offered message displaces the oldest message of the lowest priority below
 * its own; if there is none, the offered message itself is refused. Thread-safe.
 */
final class RelayQueue {

  /** What an offer did: queued or not, and which message (if any) was dropped for it. */
  record Offer(boolean queued, @Nullable Inbound dropped) {}

  private final int capacity;
  private final ArrayDeque<Inbound>[] lanes;
  private int size;

  @SuppressWarnings("unchecked")
  RelayQueue(int capacity) {
    this.capacity = capacity;
    this.lanes = new ArrayDeque[Priority.values().length];
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] = new ArrayDeque<>();
    }
  }

  synchronized Offer offer(Inbound message, Priority priority) {
    Inbound dropped = null;
    if (size >= capacity) {
      int lowest = lanes.length - 1;
      while (lowest > priority.ordinal() && lanes[lowest].isEmpty()) {
        lowest--;
      }
      if (lowest <= priority.ordinal()) {
        return new Offer(false, message);
      }
      dropped = lanes[lowest].poll();
      size--;
    }
    message.priority = priority;
    lanes[priority.ordinal()].add(message);
    size++;
    return new Offer(true, dropped);
  }

  synchronized @Nullable Inbound poll() {
    for (ArrayDeque<Inbound> lane : lanes) {
      Inbound m = lane.poll();
      if (m != null) {
        size--;
        return m;
      }
    }
    return null;
  }

  synchronized int size() {
    return size;
  }

  /** Empties the queue, returning what it held. */
  synchronized java.util.List<Inbound> clear() {
    java.util.List<Inbound> all = new java.util.ArrayList<>(size);
    for (ArrayDeque<Inbound> lane : lanes) {
      all.addAll(lane);
      lane.clear();
    }
    size = 0;
    return all;
  }
}
