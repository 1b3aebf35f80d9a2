package io.libonomy.p2p.bench;

import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * A raw baseline's sockets: a framed server on 127.0.0.1 and one client connection to it.
 *
 * @param server the bound server
 * @param client the connected client
 */
record RawLink(DisposableServer server, Connection client) {

  RawLink {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(client, "client");
  }

  /**
   * Binds {@code server} (built on {@link Loopback#framedServer()}, its handler set) and
   * connects one {@link Loopback#framedClient} to it, configured by {@code client}.
   */
  static RawLink open(TcpServer server, UnaryOperator<TcpClient> client, Duration timeout) {
    DisposableServer bound = server.bindNow(timeout);
    try {
      return new RawLink(bound,
          client.apply(Loopback.framedClient(bound.port())).connectNow(timeout));
    } catch (RuntimeException e) {
      bound.disposeNow(timeout);
      throw e;
    }
  }

  /** Closes the client connection, then the server, each waiting up to {@code timeout}. */
  void dispose(Duration timeout) {
    client.disposeNow(timeout);
    server.disposeNow(timeout);
  }
}
