package io.libonomy.p2p.upnp;

import java.net.InetAddress;

/**
 * The one check every send passes right before it happens: with {@link
 * UpnpOptions#enforcesLoopback()} on, a destination outside 127.0.0.0/8 and ::1 is refused.
 */
final class LoopbackGuard {

  private LoopbackGuard() {}

  /**
   * Returns normally when {@code destination} may be sent to.
   *
   * @throws UpnpException {@link UpnpException.Reason#NON_LOOPBACK_REFUSED}
   */
  static void permit(InetAddress destination, UpnpOptions options, String what) {
    if (options.enforcesLoopback() && !destination.isLoopbackAddress()) {
      throw new UpnpException(
          UpnpException.Reason.NON_LOOPBACK_REFUSED,
          "refused to send " + what + " to " + destination.getHostAddress()
              + ": only loopback destinations are allowed ("
              + UpnpOptions.LOOPBACK_ONLY_PROPERTY + ")");
    }
  }
}
