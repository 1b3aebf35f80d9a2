package io.libonomy.p2p.bench;

import io.libonomy.p2p.config.P2PConfig;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.nio.ByteOrder;
import reactor.netty.Connection;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * Where every subject of the benchmarks runs: 127.0.0.1, port 0, never another address. The
 * raw baselines get plain Reactor Netty with the wire framing of §5.1 (4-byte big-endian
 * length prefix through Netty's {@link LengthFieldPrepender} and {@link
 * LengthFieldBasedFrameDecoder}, fail-fast, bodies up to the library's default 8 MiB), no
 * handshake, no codec, no crypto; ours gets a {@link P2PConfig} bound to the same address.
 */
final class Loopback {

  static final String HOST = "127.0.0.1";

  /** Frame bodies up to the library's default {@code maxFrameSize}, 8 MiB. */
  static final int MAX_FRAME_BODY = 8 * 1024 * 1024;

  static final int LENGTH_FIELD = 4;

  private Loopback() {}

  /** A server on {@link #HOST}, port 0, whose connections decode and write framed bodies. */
  static TcpServer framedServer() {
    return TcpServer.create()
        .host(HOST)
        .port(0)
        .doOnConnection(Loopback::addFraming);
  }

  /** A client of {@link #HOST}:{@code port} that writes and decodes framed bodies. */
  static TcpClient framedClient(int port) {
    return TcpClient.create()
        .host(HOST)
        .port(port)
        .doOnConnected(Loopback::addFraming);
  }

  private static void addFraming(Connection connection) {
    connection
        .addHandlerLast("frameDecoder", new LengthFieldBasedFrameDecoder(ByteOrder.BIG_ENDIAN,
            MAX_FRAME_BODY + LENGTH_FIELD, 0, LENGTH_FIELD, 0, LENGTH_FIELD, true))
        .addHandlerLast("framePrepender", new LengthFieldPrepender(LENGTH_FIELD));
  }

  /** A node's configuration: bound to {@link #HOST}, port 0, no port mapping. */
  static P2PConfig nodeConfig() {
    return P2PConfig.defaults()
        .withBindAddress(HOST)
        .withTcpPort(0)
        .withAcquirePort(false);
  }
}
