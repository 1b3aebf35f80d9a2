package io.libonomy.p2p.upnp;

/** The transport protocol of a port mapping, as the {@code NewProtocol} argument names it. */
public enum Protocol {
  TCP,
  UDP
}
