package io.libonomy.p2p.swarm;

import io.libonomy.p2p.upnp.Gateway;
import io.libonomy.p2p.upnp.Protocol;
import io.libonomy.p2p.upnp.Upnp;
import io.libonomy.p2p.upnp.UpnpException;
import io.libonomy.p2p.upnp.UpnpOptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The node's port on the local router (seed §17, {@code p2p.acquire-port}): in the background,
 * after the listeners are bound, finds a UPnP gateway and maps the TCP and the UDP port (same
 * number outside and inside, to the address of the interface facing the gateway, no lease
 * end); at shutdown deletes what it mapped. Start-up never waits for it, and a node without a
 * gateway, or whose gateway refuses, runs on unmapped: each outcome is logged and counted in
 * {@code p2p.upnp.mappings{result}} ({@code mapped}, {@code no_gateway}, {@code failed},
 * {@code released}, {@code release_failed}).
 */
final class PortMapping {

  static final String METER = "p2p.upnp.mappings";
  /** The longest a shutdown waits for the gateway to delete the mappings. */
  static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(3);

  private static final Logger log = LoggerFactory.getLogger(PortMapping.class);

  private final String localId;
  private final UpnpOptions options;
  private final MeterRegistry registry;
  private final Disposable.Swap running = Disposables.swap();
  /** What was mapped, each removed again at release; written by the mapping, read at release. */
  private final List<Mapped> mapped = new CopyOnWriteArrayList<>();

  private record Mapped(Gateway gateway, int port, Protocol protocol) {}

  PortMapping(String localId, UpnpOptions options, MeterRegistry registry) {
    this.localId = localId;
    this.options = options;
    this.registry = registry;
  }

  /** Starts mapping {@code port} (TCP and UDP) in the background. */
  void start(int port) {
    running.update(Upnp.discover(options)
        .flatMap(gateway -> map(gateway, port, Protocol.TCP)
            .then(map(gateway, port, Protocol.UDP))
            .then(gateway.externalAddress()
                .map(InetAddress::getHostAddress)
                .onErrorReturn("unknown")))
        .subscribe(
            external -> {
              count("mapped");
              log.info("[{}][upnp] mapped tcp and udp port {} on the gateway (external address"
                  + " {})", localId, port, external);
            },
            this::failed));
  }

  private Mono<Void> map(Gateway gateway, int port, Protocol protocol) {
    return gateway.addPortMapping(port, protocol, port, gateway.localAddress(),
            "libonomy-p2p " + localId, Duration.ZERO)
        .doOnSuccess(ignored -> mapped.add(new Mapped(gateway, port, protocol)));
  }

  private void failed(Throwable e) {
    boolean noGateway = e instanceof UpnpException u
        && u.reason() == UpnpException.Reason.NO_GATEWAY;
    count(noGateway ? "no_gateway" : "failed");
    log.warn("[{}][upnp] the port stays unmapped: {}", localId, e.getMessage());
  }

  /**
   * Stops a mapping still under way and deletes every mapping made, within
   * {@link #RELEASE_TIMEOUT}; never fails.
   */
  Mono<Void> release() {
    return Mono.defer(() -> {
      running.dispose();
      List<Mapped> made = List.copyOf(mapped);
      mapped.clear();
      if (made.isEmpty()) {
        return Mono.empty();
      }
      return Flux.fromIterable(made)
          .concatMap(m -> m.gateway().deletePortMapping(m.port(), m.protocol())
              .doOnSuccess(ignored -> count("released"))
              .onErrorResume(e -> {
                count("release_failed");
                log.warn("[{}][upnp] could not delete the {} mapping of port {}: {}", localId,
                    m.protocol(), m.port(), e.getMessage());
                return Mono.empty();
              }))
          .then()
          .timeout(RELEASE_TIMEOUT, Mono.fromRunnable(() -> log.warn(
              "[{}][upnp] the gateway did not delete the mappings within {}", localId,
              RELEASE_TIMEOUT)));
    });
  }

  private void count(String result) {
    registry.counter(METER, "result", result).increment();
  }
}
