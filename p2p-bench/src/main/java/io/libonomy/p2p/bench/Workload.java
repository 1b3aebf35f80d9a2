package io.libonomy.p2p.bench;

import org.jspecify.annotations.Nullable;

/**
 * One subject of a throughput measurement: something that, once started, delivers messages as
 * fast as it can until closed. {@link #delivered()} may be read from any thread while it runs.
 */
interface Workload extends AutoCloseable {

  /** Sets up and starts the load; returns once messages are flowing or about to. */
  void start();

  /** Messages delivered since {@link #start()}; never decreases. */
  long delivered();

  /** The first error the load hit, or {@code null} while it runs cleanly. */
  @Nullable Throwable failure();

  /** Stops the load and releases every socket and thread it holds. Idempotent. */
  @Override
  void close();
}
