package io.libonomy.p2p.upnp;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The two HTTP exchanges the client makes: fetching a description and posting a SOAP action.
 * Each is bounded in time ({@link UpnpOptions#requestTimeout()}, from connect to the last body
 * byte) and in size ({@link UpnpOptions#maxResponseBytes()}, checked on the declared length and
 * again while reading), and passes the loopback guard right before connecting.
 */
final class GatewayHttp {

  /** A status and a complete, size-bounded body. */
  record Reply(int status, byte[] body) {}

  // one connection per exchange: a gateway is asked a handful of times per node lifetime
  private static final HttpClient CLIENT = HttpClient.create(ConnectionProvider.newConnection());

  private final UpnpOptions options;

  GatewayHttp(UpnpOptions options) {
    this.options = options;
  }

  /** GETs {@code target}; anything but status 200 fails with {@code HTTP_STATUS}. */
  Mono<byte[]> get(HttpTarget target) {
    return exchange(target, HttpMethod.GET, null, null).handle((reply, sink) -> {
      if (reply.status() == 200) {
        sink.next(reply.body());
      } else {
        sink.error(new UpnpException(UpnpException.Reason.HTTP_STATUS,
            "GET " + target.uri() + " answered HTTP status " + reply.status()));
      }
    });
  }

  /** POSTs a SOAP envelope to {@code target}; the reply may carry any status. */
  Mono<Reply> postSoap(HttpTarget target, String soapAction, byte[] envelope) {
    return exchange(target, HttpMethod.POST, soapAction, envelope);
  }

  private Mono<Reply> exchange(
      HttpTarget target, HttpMethod method, @Nullable String soapAction, byte @Nullable [] body) {
    return Mono.defer(() -> {
      LoopbackGuard.permit(target.ip(), options, "HTTP " + method);
      HttpClient client = CLIENT.headers(headers -> {
        if (body != null) {
          headers.set(HttpHeaderNames.CONTENT_TYPE, "text/xml; charset=\"utf-8\"")
              .set("SOAPAction", "\"" + soapAction + "\"")
              .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        }
      });
      HttpClient.ResponseReceiver<?> request = body == null
          ? client.request(method).uri(target.uri())
          : client.request(method).uri(target.uri())
              .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)));
      return request.response((response, content) -> {
        int status = response.status().code();
        long declared = response.responseHeaders().getInt(HttpHeaderNames.CONTENT_LENGTH, -1);
        if (declared > options.maxResponseBytes()) {
          return Mono.error(tooLarge(target, "declares " + declared + " bytes"));
        }
        return content.asByteArray()
            .collect(ByteArrayOutputStream::new, (all, chunk) -> append(all, chunk, target))
            .map(all -> new Reply(status, all.toByteArray()));
      }).next();
    })
        .timeout(options.requestTimeout(), options.timer())
        .onErrorMap(error -> !(error instanceof UpnpException), error -> typed(error, target));
  }

  private void append(ByteArrayOutputStream all, byte[] chunk, HttpTarget target) {
    if (all.size() + chunk.length > options.maxResponseBytes()) {
      throw tooLarge(target, "is over " + options.maxResponseBytes() + " bytes");
    }
    all.writeBytes(chunk);
  }

  private static UpnpException tooLarge(HttpTarget target, String size) {
    return new UpnpException(
        UpnpException.Reason.RESPONSE_TOO_LARGE, "response of " + target.uri() + " " + size);
  }

  private UpnpException typed(Throwable error, HttpTarget target) {
    if (error instanceof TimeoutException) {
      return new UpnpException(UpnpException.Reason.TIMEOUT,
          target.uri() + " did not answer within " + options.requestTimeout(), error);
    }
    return new UpnpException(
        UpnpException.Reason.IO, "HTTP exchange with " + target.uri() + " failed: " + error, error);
  }
}
