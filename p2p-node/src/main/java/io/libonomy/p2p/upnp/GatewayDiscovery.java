package io.libonomy.p2p.upnp;

import io.libonomy.p2p.upnp.DeviceDescription.WanService;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The search loop behind {@link Upnp#discover}: searches, pauses, the first usable answer. */
final class GatewayDiscovery {

  /** Descriptions fetched at once within one search. */
  private static final int CONCURRENT_FETCHES = 4;

  private static final Logger log = LoggerFactory.getLogger(GatewayDiscovery.class);

  private final UpnpOptions options;
  private final GatewayHttp http;

  GatewayDiscovery(UpnpOptions options) {
    this.options = options;
    this.http = new GatewayHttp(options);
  }

  Mono<Gateway> discover() {
    int attempts = options.searchAttempts();
    return Mono.defer(() -> {
      // refuse before binding a socket; SsdpSearch checks again right before sending
      LoopbackGuard.permit(options.ssdpTarget().getAddress(), options, "SSDP M-SEARCH");
      return Flux.range(0, attempts)
          .concatMap(attempt -> pause(attempt).then(search(attempt)))
          .next()
          .switchIfEmpty(Mono.error(() -> new UpnpException(UpnpException.Reason.NO_GATEWAY,
              "no UPnP gateway found after " + attempts + " searches")))
          .flatMap(this::gateway);
    });
  }

  /** Nothing before the first search; before search n a random 0..backoff·2^(n-1) pause. */
  private Mono<Void> pause(int attempt) {
    if (attempt == 0 || options.retryBackoff().isZero()) {
      return Mono.empty();
    }
    long bound = options.retryBackoff().toNanos() << Math.min(attempt - 1, 16);
    long nanos = ThreadLocalRandom.current().nextLong(Math.max(bound, 1) + 1);
    return Mono.delay(Duration.ofNanos(nanos), options.timer()).then();
  }

  private Mono<WanService> search(int attempt) {
    return SsdpSearch.run(options)
        .flatMap(this::describe, CONCURRENT_FETCHES)
        .next()
        .onErrorResume(GatewayDiscovery::skippable, error -> {
          log.debug("[upnp] search {} failed: {}", attempt + 1, error.toString());
          return Mono.empty();
        });
  }

  private Mono<WanService> describe(SsdpAnswer answer) {
    return http.get(answer.location())
        .publishOn(Schedulers.boundedElastic())
        .<WanService>handle((xml, sink) -> {
          try {
            sink.next(DeviceDescription.parse(xml, answer));
          } catch (SsdpAnswer.Skipped e) {
            log.debug("[upnp] skipped {}: {}", answer.location().uri(), e.getMessage());
          }
        })
        .onErrorResume(GatewayDiscovery::skippable, error -> {
          log.debug("[upnp] skipped {}: {}", answer.location().uri(), error.getMessage());
          return Mono.empty();
        });
  }

  private Mono<Gateway> gateway(WanService service) {
    return LocalInterfaces.facing(service.control().ip())
        .map(local -> new IgdGateway(service.control(), service.serviceType(), local, http));
  }

  /** Every failure skips an answer or a search, except the loopback guard's refusal. */
  private static boolean skippable(Throwable error) {
    return !(error instanceof UpnpException upnp
        && upnp.reason() == UpnpException.Reason.NON_LOOPBACK_REFUSED);
  }
}
