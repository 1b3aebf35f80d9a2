package io.libonomy.p2p.upnp;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;

/**
 * An {@code http} URL whose host is an IP literal, with the socket address it names. Host
 * names are refused rather than resolved: a gateway names itself by address, and a lookup
 * would both block and let a description point this client anywhere.
 */
record HttpTarget(URI uri, InetSocketAddress address) {

  /** The target of {@code uri}, or empty when it is not {@code http://<ip literal>[:port]/...}. */
  static Optional<HttpTarget> of(URI uri) {
    String host = uri.getHost();
    if (!"http".equalsIgnoreCase(uri.getScheme()) || host == null || uri.getRawUserInfo() != null) {
      return Optional.empty();
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    InetAddress ip = NetUtil.createInetAddressFromIpAddressString(host);
    if (ip == null) {
      return Optional.empty();
    }
    int port = uri.getPort() == -1 ? 80 : uri.getPort();
    if (port < 1 || port > 65_535) {
      return Optional.empty();
    }
    return Optional.of(new HttpTarget(uri, new InetSocketAddress(ip, port)));
  }

  InetAddress ip() {
    return address.getAddress();
  }
}
