package io.libonomy.p2p.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.reactivestreams.Publisher;
import picocli.CommandLine.ExitCode;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The node's metrics over HTTP: {@code GET /metrics} answers with {@code registry}'s scrape in
 * the Prometheus text format (version 0.0.4); {@code HEAD /metrics} with its headers; any other
 * path is 404 and any other method on {@code /metrics} is 405.
 *
 * <p>A scrape formats every meter, so it runs on {@link Schedulers#boundedElastic()}, never on
 * the HTTP server's event loop. Requests are served by a loop of their own (Reactor Netty's
 * HTTP resources), not by the node's.
 */
final class MetricsEndpoint implements AutoCloseable {

  static final String PATH = "/metrics";
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final DisposableServer server;

  private MetricsEndpoint(DisposableServer server) {
    this.server = server;
  }

  /**
   * Binds {@code host:port} (port 0 picks a free one) and serves {@code registry}; blocks until
   * bound, as a command may.
   *
   * @throws CommandFailure if the address cannot be bound (in use, not local)
   */
  static MetricsEndpoint start(PrometheusMeterRegistry registry, String host, int port) {
    Objects.requireNonNull(registry, "registry");
    HttpServer http = HttpServer.create()
        .host(host)
        .port(port)
        .route(routes -> routes
            .get(PATH, (request, response) -> scrape(registry, response))
            .head(PATH, (request, response) -> response.status(HttpResponseStatus.OK)
                .header(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                .send())
            .route(request -> PATH.equals(request.fullPath()), MetricsEndpoint::notAllowed));
    try {
      return new MetricsEndpoint(Blocking.await(http.bind(), Blocking.START_TIMEOUT,
          "metrics endpoint start"));
    } catch (RuntimeException e) {
      if (e instanceof CommandFailure) {
        throw e;
      }
      throw new CommandFailure(ExitCode.SOFTWARE, "cannot serve metrics on " + host + ":" + port
          + ": " + rootMessage(e));
    }
  }

  private static Publisher<Void> scrape(PrometheusMeterRegistry registry,
      HttpServerResponse response) {
    return Mono.fromCallable(registry::scrape)
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(text -> response.status(HttpResponseStatus.OK)
            .header(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
            .sendString(Mono.just(text))
            .then());
  }

  private static Publisher<Void> notAllowed(HttpServerRequest request,
      HttpServerResponse response) {
    return response.status(HttpResponseStatus.METHOD_NOT_ALLOWED)
        .header(HttpHeaderNames.ALLOW, "GET, HEAD")
        .send();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.toString();
  }

  /** Where the endpoint listens. */
  InetSocketAddress address() {
    return (InetSocketAddress) server.address();
  }

  /** {@code http://host:port/metrics}, with IPv6 hosts in brackets. */
  String url() {
    InetSocketAddress address = address();
    String host = address.getAddress().getHostAddress();
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + address.getPort() + PATH;
  }

  /** Stops listening and closes open scrapes. */
  @Override
  public void close() {
    server.disposeNow(CLOSE_TIMEOUT);
  }
}
