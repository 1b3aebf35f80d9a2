package io.libonomy.p2p.bench;

import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.crypto.SecretBox;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.net.WireCodec;
import io.libonomy.p2p.server.Endpoint;
import io.libonomy.p2p.server.MessageServer;
import io.libonomy.p2p.swarm.Switch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * This library's request/response end to end: two {@link Switch} nodes on 127.0.0.1, one
 * secure session between them, a {@link MessageServer} on each for {@value #PROTOCOL}. The
 * server's handler answers message type {@value #MSG_TYPE} with the request's own payload; the
 * client's {@link #request()} is {@link MessageServer#request} to the server's key.
 */
final class OursRpc implements RpcSubject {

  static final String PROTOCOL = "bench/rpc";
  static final int MSG_TYPE = 1;

  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration REQUEST_LIFETIME = Duration.ofSeconds(10);

  private final byte[] payload;
  private final MessageServer.Options options;
  private final LoopbackNodes nodes = new LoopbackNodes();
  private @Nullable MessageServer echo;
  private @Nullable MessageServer requester;
  private @Nullable Endpoint server;

  /**
   * @param payload what every request carries and every answer echoes
   * @param outstanding the most requests the benchmark keeps outstanding; both servers admit
   *     at least that many pending requests and running handlers
   * @param handlerThread where the echo handler runs
   */
  OursRpc(byte[] payload, int outstanding, MessageServer.HandlerThread handlerThread) {
    this.payload = Objects.requireNonNull(payload, "payload");
    MessageServer.Options defaults = MessageServer.Options.defaults()
        .withHandlerThread(Objects.requireNonNull(handlerThread, "handlerThread"));
    this.options = defaults
        .withMaxPendingRequests(Math.max(outstanding, defaults.maxPendingRequests()))
        .withMaxConcurrentHandlers(Math.max(outstanding, defaults.maxConcurrentHandlers()));
  }

  /**
   * The bytes of the frame body ours puts on the wire for a request or an answer of {@code
   * payloadSize} bytes: the encoded envelope (a full-size reqId, as the random 63-bit ids
   * nearly always are) plus the secretbox tag.
   */
  static int frameBodyLength(int payloadSize) {
    Envelope request = Envelope.request(PROTOCOL, MSG_TYPE, Long.MAX_VALUE, new byte[payloadSize]);
    return WireCodec.encodedSize(request) + SecretBox.TAG_LENGTH;
  }

  @Override
  public void start() {
    Switch serverNode = nodes.start(SETUP_TIMEOUT);
    Switch clientNode = nodes.start(SETUP_TIMEOUT);
    echo = MessageServer.on(serverNode, PROTOCOL, REQUEST_LIFETIME, new SimpleMeterRegistry(),
            options)
        .handle(MSG_TYPE, request -> Mono.just(request.payload()));
    requester = MessageServer.on(clientNode, PROTOCOL, REQUEST_LIFETIME,
        new SimpleMeterRegistry(), options);
    PublicKey key = Objects.requireNonNull(
        clientNode.connect(serverNode.localNode()).block(SETUP_TIMEOUT),
        "connect completed empty");
    server = Endpoint.of(key);
  }

  @Override
  public Mono<byte[]> request() {
    MessageServer client = requester;
    Endpoint to = server;
    if (client == null || to == null) {
      return Mono.error(new IllegalStateException("ours: request before start"));
    }
    return client.request(to, MSG_TYPE, payload);
  }

  @Override
  public void close() {
    close(requester);
    requester = null;
    close(echo);
    echo = null;
    server = null;
    AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
    nodes.shutdown(STOP_TIMEOUT, error -> failure.compareAndSet(null, error));
    Throwable error = failure.get();
    if (error != null) {
      throw new IllegalStateException("ours: shutting down the nodes failed: " + error, error);
    }
  }

  private static void close(@Nullable MessageServer rpc) {
    if (rpc != null) {
      rpc.close().block(STOP_TIMEOUT);
    }
  }
}
