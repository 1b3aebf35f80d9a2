package io.libonomy.p2p.upnp;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * A UPnP Internet Gateway Device's WAN connection service, found by {@link Upnp#discover}.
 *
 * <p>Every action is one HTTP POST of a SOAP envelope to {@link #controlUrl()}. The returned
 * {@code Mono}s are lazy (nothing is sent before subscription, each subscription sends again)
 * and cancellable (cancelling closes the connection). None blocks a thread; responses are
 * parsed on {@link reactor.core.scheduler.Schedulers#boundedElastic()}. They fail with {@link
 * UpnpException}: {@link UpnpException.Reason#SOAP_FAULT} with the gateway's UPnP error code,
 * {@code HTTP_STATUS}, {@code TIMEOUT} after {@link UpnpOptions#requestTimeout()}, {@code
 * RESPONSE_TOO_LARGE}, {@code MALFORMED_RESPONSE}, {@code IO}, or {@code NON_LOOPBACK_REFUSED}
 * when the loopback-only guard is on and the gateway is not on loopback. Argument checks throw
 * {@link io.libonomy.p2p.api.InvalidConfigException} at the call.
 */
public interface Gateway {

  /**
   * Maps {@code externalPort}/{@code protocol} on the gateway's external address to {@code
   * internalClient:internalPort} ({@code AddPortMapping}, any remote host, enabled).
   *
   * @param externalPort 1..65535
   * @param internalPort 1..65535
   * @param internalClient usually {@link #localAddress()}
   * @param description shown in the router's table; XML-escaped on the wire
   * @param lease how long the mapping lives, in whole seconds; {@link Duration#ZERO} asks for a
   *     permanent mapping
   * @return completes when the gateway confirmed the mapping; a conflicting mapping fails with
   *     UPnP error 718
   */
  Mono<Void> addPortMapping(
      int externalPort,
      Protocol protocol,
      int internalPort,
      InetAddress internalClient,
      String description,
      Duration lease);

  /**
   * Removes the mapping of {@code externalPort}/{@code protocol} ({@code DeletePortMapping}).
   *
   * @return completes when the gateway confirmed; an unknown mapping fails with UPnP error 714
   */
  Mono<Void> deletePortMapping(int externalPort, Protocol protocol);

  /** The gateway's external IP address ({@code GetExternalIPAddress}); never a host name. */
  Mono<InetAddress> externalAddress();

  /** The address of the local interface whose subnet contains the gateway. */
  InetAddress localAddress();

  /** Where SOAP actions are posted; its host is the address that answered the search. */
  URI controlUrl();

  /**
   * The service type the actions are addressed to: {@code
   * urn:schemas-upnp-org:service:WANPPPConnection:1}, {@code ...:WANIPConnection:1} or {@code
   * ...:WANIPConnection:2}.
   */
  String serviceType();
}
