package io.libonomy.p2p.upnp;

import io.libonomy.p2p.api.InvalidConfigException;
import io.libonomy.p2p.upnp.SoapEnvelope.Argument;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** A discovered WAN connection service; each action is one SOAP POST to its control URL. */
final class IgdGateway implements Gateway {

  /** UPnP's {@code ui4} lease duration, in seconds. */
  private static final long MAX_LEASE_SECONDS = 0xFFFF_FFFFL;

  private final HttpTarget control;
  private final String serviceType;
  private final InetAddress localAddress;
  private final GatewayHttp http;

  IgdGateway(HttpTarget control, String serviceType, InetAddress localAddress, GatewayHttp http) {
    this.control = control;
    this.serviceType = serviceType;
    this.localAddress = localAddress;
    this.http = http;
  }

  @Override
  public Mono<Void> addPortMapping(
      int externalPort,
      Protocol protocol,
      int internalPort,
      InetAddress internalClient,
      String description,
      Duration lease) {
    port("externalPort", externalPort);
    Objects.requireNonNull(protocol, "protocol");
    port("internalPort", internalPort);
    Objects.requireNonNull(internalClient, "internalClient");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(lease, "lease");
    if (lease.isNegative() || lease.getSeconds() > MAX_LEASE_SECONDS
        || (!lease.isZero() && lease.getSeconds() == 0)) {
      throw new InvalidConfigException(
          "lease must be zero (permanent) or 1 s.." + MAX_LEASE_SECONDS + " s, got " + lease);
    }
    return invoke("AddPortMapping", List.of(
        new Argument("NewRemoteHost", ""),
        new Argument("NewExternalPort", Integer.toString(externalPort)),
        new Argument("NewProtocol", protocol.name()),
        new Argument("NewInternalPort", Integer.toString(internalPort)),
        new Argument("NewInternalClient", internalClient.getHostAddress()),
        new Argument("NewEnabled", "1"),
        new Argument("NewPortMappingDescription", description),
        new Argument("NewLeaseDuration", Long.toString(lease.getSeconds()))))
        .then();
  }

  @Override
  public Mono<Void> deletePortMapping(int externalPort, Protocol protocol) {
    port("externalPort", externalPort);
    Objects.requireNonNull(protocol, "protocol");
    return invoke("DeletePortMapping", List.of(
        new Argument("NewRemoteHost", ""),
        new Argument("NewExternalPort", Integer.toString(externalPort)),
        new Argument("NewProtocol", protocol.name())))
        .then();
  }

  @Override
  public Mono<InetAddress> externalAddress() {
    return invoke("GetExternalIPAddress", List.of()).handle((values, sink) -> {
      String text = values.getOrDefault("NewExternalIPAddress", "");
      InetAddress address = NetUtil.createInetAddressFromIpAddressString(text);
      if (address == null) {
        sink.error(new UpnpException(UpnpException.Reason.MALFORMED_RESPONSE,
            "GetExternalIPAddress answered no IP address: '" + text + "'"));
      } else {
        sink.next(address);
      }
    });
  }

  @Override
  public InetAddress localAddress() {
    return localAddress;
  }

  @Override
  public URI controlUrl() {
    return control.uri();
  }

  @Override
  public String serviceType() {
    return serviceType;
  }

  @Override
  public String toString() {
    return "Gateway[" + serviceType + " at " + control.uri() + ", local "
        + localAddress.getHostAddress() + "]";
  }

  private Mono<Map<String, String>> invoke(String action, List<Argument> arguments) {
    return Mono.defer(() -> http.postSoap(control, serviceType + "#" + action,
            SoapEnvelope.request(serviceType, action, arguments)))
        .publishOn(Schedulers.boundedElastic())
        .map(reply -> {
          if (reply.status() != 200) {
            throw SoapEnvelope.failure(reply.status(), reply.body(), action);
          }
          return SoapEnvelope.response(reply.body(), action);
        });
  }

  private static void port(String name, int port) {
    if (port < 1 || port > 65_535) {
      throw new InvalidConfigException(name + " must be 1..65535, got " + port);
    }
  }
}
