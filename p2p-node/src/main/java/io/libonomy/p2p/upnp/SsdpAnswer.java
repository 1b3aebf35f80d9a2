package io.libonomy.p2p.upnp;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One usable SSDP answer: who sent it and where its device description is. {@link #parse}
 * accepts only an {@code HTTP/1.x 200} answer whose {@code LOCATION} is an {@code http} URL on
 * the responder's own IP address.
 */
record SsdpAnswer(InetAddress responder, HttpTarget location) {

  /** Why an answer was skipped; a debug log line, never an error. */
  static final class Skipped extends Exception {
    Skipped(String why) {
      super(why, null, false, false);
    }
  }

  static SsdpAnswer parse(String datagram, InetAddress responder) throws Skipped {
    String[] lines = datagram.split("\r?\n");
    if (!lines[0].matches("HTTP/1\\.[01] 200( .*)?")) {
      throw new Skipped("not an HTTP 200 answer: " + abbreviate(lines[0]));
    }
    String location = header(lines, "location");
    if (location == null) {
      throw new Skipped("no LOCATION header");
    }
    HttpTarget target;
    try {
      target = HttpTarget.of(new URI(location))
          .orElseThrow(() -> new Skipped("LOCATION is not http://<ip>: " + abbreviate(location)));
    } catch (URISyntaxException e) {
      throw new Skipped("LOCATION is not a URI: " + abbreviate(location));
    }
    if (!target.ip().equals(responder)) {
      throw new Skipped("LOCATION host " + target.ip().getHostAddress()
          + " is not the responder " + responder.getHostAddress());
    }
    return new SsdpAnswer(responder, target);
  }

  private static @Nullable String header(String[] lines, String name) {
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0 && lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
        return lines[i].substring(colon + 1).trim();
      }
    }
    return null;
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }
}
