package io.libonomy.p2p.upnp;

import java.util.Objects;
import reactor.core.publisher.Mono;

/** Entry point of the UPnP client. */
public final class Upnp {

  private Upnp() {}

  /**
   * Finds a UPnP Internet Gateway Device.
   *
   * <p>Each search sends one SSDP M-SEARCH for {@code
   * urn:schemas-upnp-org:device:InternetGatewayDevice:1} to {@link UpnpOptions#ssdpTarget()}
   * from an ephemeral UDP socket (bound to loopback when the target is loopback, else to the
   * wildcard address) and reads answers for {@link UpnpOptions#searchWindow()}. An answer's
   * {@code LOCATION} is fetched only when its host is the IP address the answer came from, so
   * an answer cannot make this client fetch a third party's URL; for the same reason a control
   * URL on another host is refused. The first description offering {@code WANPPPConnection:1},
   * else {@code WANIPConnection:1}, else {@code WANIPConnection:2}, wins and ends the search.
   * Malformed answers and descriptions are skipped (logged at DEBUG). Up to {@link
   * UpnpOptions#searchAttempts()} searches run, the one before each repeat pausing a random
   * time up to {@link UpnpOptions#retryBackoff()}, doubled each time.
   *
   * <p>The {@code Mono} is lazy and cancellable (cancelling closes the socket). It fails with
   * {@link UpnpException}: {@link UpnpException.Reason#NO_GATEWAY} when no search found a
   * gateway, {@code NO_LOCAL_ADDRESS} when no local interface shares the gateway's subnet, and
   * {@code NON_LOOPBACK_REFUSED} (nothing sent) when the loopback-only guard is on and the
   * target is not loopback.
   */
  public static Mono<Gateway> discover(UpnpOptions options) {
    Objects.requireNonNull(options, "options");
    return new GatewayDiscovery(options).discover();
  }
}
