package io.libonomy.p2p.bench;

import reactor.core.publisher.Mono;

/**
 * One subject of the request/response benchmark: a requester and an echo server, connected
 * over one TCP connection on 127.0.0.1, both in this JVM.
 */
interface RpcSubject extends AutoCloseable {

  /** Sets up both ends and connects them; returns once {@link #request()} may be called. */
  void start();

  /**
   * One round trip: sends the subject's request and completes with the answer the server
   * echoed, on the thread that received it (an event loop). Lazy: each subscription sends one
   * request. Thread-safe; any number of requests may be outstanding.
   */
  Mono<byte[]> request();

  /**
   * Releases every socket and thread the subject holds; requests still outstanding are
   * abandoned. Idempotent.
   *
   * @throws IllegalStateException if the subject failed while shutting down
   */
  @Override
  void close();
}
