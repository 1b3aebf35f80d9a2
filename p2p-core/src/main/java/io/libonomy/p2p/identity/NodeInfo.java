package io.libonomy.p2p.identity;

import io.libonomy.p2p.api.InvalidNodeUrlException;
import io.libonomy.p2p.crypto.PublicKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A node's address card: its identity key, IP address, TCP (protocol) port and UDP
 * (discovery) port. Its text form is the node URL
 * {@code libonomy://<base58 public key>@<ip>:<tcp port>?disc=<udp port>}, IPv6 in brackets.
 *
 * <p>The address is kept as bare bytes: a host name or IPv6 scope carried by the given
 * {@link InetAddress} is dropped (the wire carries neither), and an IPv4-mapped IPv6 address
 * becomes the {@link java.net.Inet4Address} it maps. Nothing in this type ever performs a DNS
 * lookup, forward or reverse.
 *
 * @param id the node's X25519 public key, its identity
 * @param ip the node's IP address
 * @param tcpPort the TCP port it accepts connections on, 0..65535 (0: it does not listen)
 * @param udpPort the UDP port it answers discovery on, 0..65535
 */
public record NodeInfo(PublicKey id, InetAddress ip, int tcpPort, int udpPort) {

  private static final int MAX_PORT = 65_535;

  /**
   * Validates and normalises the components.
   *
   * @throws IllegalArgumentException naming the port that is outside 0..65535
   */
  public NodeInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ip, "ip");
    checkPort("tcpPort", tcpPort);
    checkPort("udpPort", udpPort);
    ip = bare(ip);
  }

  /**
   * Parses a node URL: {@code libonomy://<base58 public key>@<ip>:<tcp port>?disc=<udp port>}.
   * The scheme is case-insensitive; the host must be an IP literal (IPv6 in brackets, no zone
   * ID) and is never resolved; both ports must be 1..65535; {@code disc} is the only query
   * parameter and defaults to the TCP port; the path may only be empty or {@code "/"}.
   *
   * @throws InvalidNodeUrlException whose message quotes the URL and names what is wrong
   */
  public static NodeInfo parseUrl(String url) {
    Objects.requireNonNull(url, "url");
    return NodeUrl.parse(url);
  }

  /** A node whose UDP port is its TCP port; {@code tcp} must carry a resolved address. */
  public static NodeInfo of(PublicKey id, InetSocketAddress tcp) {
    Objects.requireNonNull(tcp, "tcp");
    InetAddress address = tcp.getAddress();
    if (address == null) {
      throw new IllegalArgumentException("tcp address is unresolved: " + tcp.getHostString());
    }
    return new NodeInfo(id, address, tcp.getPort(), tcp.getPort());
  }

  /**
   * The node URL, always with the {@code disc} parameter and IPv6 in compressed form, e.g.
   * {@code libonomy://C3ug...feF@[::1]:7700?disc=7700}. A node with a port 0 formats to a URL
   * that {@link #parseUrl} rejects.
   */
  public String toUrl() {
    return NodeUrl.format(this);
  }

  /** The address to dial for a TCP connection. */
  public InetSocketAddress tcpAddress() {
    return new InetSocketAddress(ip, tcpPort);
  }

  /** The address to send discovery datagrams to. */
  public InetSocketAddress udpAddress() {
    return new InetSocketAddress(ip, udpPort);
  }

  /** The node URL, as {@link #toUrl()}. */
  @Override
  public String toString() {
    return toUrl();
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > MAX_PORT) {
      throw new IllegalArgumentException(name + " must be 0..65535, got " + port);
    }
  }

  private static InetAddress bare(InetAddress ip) {
    try {
      // getByAddress keeps no host name and turns an IPv4-mapped address into an Inet4Address
      return InetAddress.getByAddress(ip.getAddress());
    } catch (UnknownHostException e) {
      throw new AssertionError("an InetAddress always has 4 or 16 bytes", e);
    }
  }
}
