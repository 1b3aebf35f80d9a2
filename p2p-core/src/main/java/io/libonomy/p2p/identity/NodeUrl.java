package io.libonomy.p2p.identity;

import io.libonomy.p2p.api.InvalidKeyException;
import io.libonomy.p2p.api.InvalidNodeUrlException;
import io.libonomy.p2p.crypto.PublicKey;
import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The {@code libonomy://} URL form of a {@link NodeInfo}. Parsing is by hand rather than with
 * {@link java.net.URI}, which accepts host names and lenient forms this format does not allow;
 * IP literals go through Netty's {@link NetUtil}, which never consults DNS.
 */
final class NodeUrl {

  private static final String SCHEME = "libonomy";
  private static final String SCHEME_SEPARATOR = "://";
  private static final String DISC = "disc";
  private static final int MAX_PORT = 65_535;
  private static final int MAX_QUOTED = 200;

  private NodeUrl() {}

  static String format(NodeInfo node) {
    String host = NetUtil.toAddressString(node.ip());
    if (node.ip() instanceof Inet6Address) {
      host = "[" + host + "]";
    }
    return SCHEME + SCHEME_SEPARATOR + node.id().toBase58() + "@" + host + ":" + node.tcpPort()
        + "?" + DISC + "=" + node.udpPort();
  }

  static NodeInfo parse(String url) {
    int schemeEnd = url.indexOf(SCHEME_SEPARATOR);
    if (schemeEnd < 0) {
      throw invalid(url, "missing scheme, want 'libonomy://'");
    }
    String scheme = url.substring(0, schemeEnd);
    if (!scheme.toLowerCase(Locale.ROOT).equals(SCHEME)) {
      throw invalid(url, "invalid URL scheme " + quote(scheme) + ", want 'libonomy'");
    }
    String rest = url.substring(schemeEnd + SCHEME_SEPARATOR.length());
    if (rest.indexOf('#') >= 0) {
      throw invalid(url, "unexpected fragment");
    }
    String query = null;
    int queryStart = rest.indexOf('?');
    if (queryStart >= 0) {
      query = rest.substring(queryStart + 1);
      rest = rest.substring(0, queryStart);
    }
    int pathStart = rest.indexOf('/');
    if (pathStart >= 0) {
      String path = rest.substring(pathStart);
      if (!path.equals("/")) {
        throw invalid(url, "unexpected path " + quote(path));
      }
      rest = rest.substring(0, pathStart);
    }
    int at = rest.lastIndexOf('@');
    if (at < 0) {
      throw invalid(url, "missing node ID, want libonomy://<id>@<ip>:<port>");
    }
    PublicKey id = parseId(url, rest.substring(0, at));
    return parseAddress(url, id, rest.substring(at + 1), query);
  }

  private static PublicKey parseId(String url, String userInfo) {
    if (userInfo.isEmpty()) {
      throw invalid(url, "missing node ID before '@'");
    }
    if (userInfo.indexOf(':') >= 0) {
      throw invalid(url, "node ID must not carry a password (':' before '@')");
    }
    try {
      return PublicKey.fromBase58(userInfo);
    } catch (InvalidKeyException e) {
      throw invalid(url, "invalid node ID: " + e.getMessage(), e);
    }
  }

  private static NodeInfo parseAddress(
      String url, PublicKey id, String hostPort, @Nullable String query) {
    InetAddress ip;
    String port;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        throw invalid(url, "missing ']' after the IPv6 address");
      }
      ip = ipv6(url, hostPort.substring(1, close));
      String afterHost = hostPort.substring(close + 1);
      if (!afterHost.startsWith(":")) {
        throw invalid(url, "missing tcp port");
      }
      port = afterHost.substring(1);
    } else {
      int colon = hostPort.lastIndexOf(':');
      if (colon < 0) {
        throw invalid(url, "missing tcp port");
      }
      String host = hostPort.substring(0, colon);
      if (host.indexOf(':') >= 0) {
        throw invalid(url, "IPv6 address must be in brackets");
      }
      ip = ipv4(url, host);
      port = hostPort.substring(colon + 1);
    }
    int tcpPort = parsePort(url, "tcp port", port);
    int udpPort = query == null ? tcpPort : parseDisc(url, query);
    return new NodeInfo(id, ip, tcpPort, udpPort);
  }

  private static InetAddress ipv4(String url, String host) {
    if (host.isEmpty()) {
      throw invalid(url, "missing IP address");
    }
    if (!NetUtil.isValidIpV4Address(host)) {
      throw invalid(
          url, "host " + quote(host) + " is not an IP address (host names are not resolved)");
    }
    return address(host);
  }

  private static InetAddress ipv6(String url, String host) {
    if (host.isEmpty()) {
      throw invalid(url, "missing IP address");
    }
    if (host.indexOf('%') >= 0) {
      throw invalid(url, "IPv6 zone IDs are not supported");
    }
    if (!NetUtil.isValidIpV6Address(host) || host.indexOf('[') >= 0) {
      throw invalid(url, "host " + quote(host) + " is not an IPv6 address");
    }
    return address(host);
  }

  private static InetAddress address(String literal) {
    InetAddress address = NetUtil.createInetAddressFromIpAddressString(literal);
    if (address == null) {
      throw new AssertionError("validated IP literal did not convert: " + literal);
    }
    return address;
  }

  private static int parseDisc(String url, String query) {
    Integer disc = null;
    for (String parameter : query.split("&", -1)) {
      int eq = parameter.indexOf('=');
      String name = eq < 0 ? parameter : parameter.substring(0, eq);
      if (name.isEmpty()) {
        throw invalid(url, "empty query parameter");
      }
      if (!name.equals(DISC)) {
        throw invalid(url, "unknown query parameter " + quote(name));
      }
      if (disc != null) {
        throw invalid(url, "duplicate query parameter 'disc'");
      }
      disc = parsePort(url, "disc port", eq < 0 ? "" : parameter.substring(eq + 1));
    }
    if (disc == null) {
      throw new AssertionError("split always yields a parameter");
    }
    return disc;
  }

  private static int parsePort(String url, String what, String text) {
    if (text.isEmpty()) {
      throw invalid(url, "missing " + what);
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw invalid(url, "invalid " + what + " " + quote(text));
      }
    }
    int port = text.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(text);
    if (port < 1 || port > MAX_PORT) {
      throw invalid(url, what + " must be 1..65535, got " + text);
    }
    return port;
  }

  private static InvalidNodeUrlException invalid(String url, String reason) {
    return invalid(url, reason, null);
  }

  private static InvalidNodeUrlException invalid(
      String url, String reason, @Nullable Throwable cause) {
    return new InvalidNodeUrlException("invalid node URL " + quote(url) + ": " + reason, cause);
  }

  /** Quotes text for a message: escapes control and non-ASCII characters, caps the length. */
  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("'");
    int end = Math.min(text.length(), MAX_QUOTED);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        quoted.append(c);
      } else {
        quoted.append(String.format("\\u%04x", (int) c));
      }
    }
    return quoted.append(end < text.length() ? "...'" : "'").toString();
  }
}
