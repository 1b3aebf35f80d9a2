package io.libonomy.p2p.upnp;

import io.libonomy.p2p.api.InvalidConfigException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * How {@link Upnp#discover} searches and how a {@link Gateway} talks to the router.
 *
 * @param ssdpTarget where the SSDP M-SEARCH goes; default the SSDP multicast group {@code
 *     239.255.255.250:1900}. Tests point it at a fake gateway on loopback. Must be a resolved
 *     IP address (host names are never looked up) with a port 1..65535
 * @param searchWindow how long one search collects answers; default 2 s, positive
 * @param searchAttempts how many searches before giving up; default 3, 1..100
 * @param retryBackoff the upper bound of the random pause before the second search, doubled
 *     before each further one (the seed's 0–5 s); default 5 s, zero or positive
 * @param requestTimeout how long one HTTP exchange (description fetch or SOAP action) may take
 *     from connect to the last body byte; default 5 s, positive
 * @param maxResponseBytes the largest description or SOAP response accepted; default 64 KiB,
 *     1 KiB..16 MiB
 * @param loopbackOnly whether every send must go to 127.0.0.0/8 or ::1; default {@code false}.
 *     The system property {@value #LOOPBACK_ONLY_PROPERTY} {@code = true} forces it on,
 *     whatever this says (see {@link #enforcesLoopback()})
 * @param timer the scheduler for search windows, retry pauses and timeouts; default {@link
 *     Schedulers#parallel()}, a virtual-time scheduler in tests
 */
public record UpnpOptions(
    InetSocketAddress ssdpTarget,
    Duration searchWindow,
    int searchAttempts,
    Duration retryBackoff,
    Duration requestTimeout,
    int maxResponseBytes,
    boolean loopbackOnly,
    Scheduler timer) {

  /**
   * The JVM system property that, set to {@code true}, makes every SSDP and HTTP send to an
   * address outside 127.0.0.0/8 and ::1 fail with {@link UpnpException.Reason#NON_LOOPBACK_REFUSED}
   * instead of sending. The build sets it in test JVMs as a safety net.
   */
  public static final String LOOPBACK_ONLY_PROPERTY = "io.libonomy.p2p.loopbackOnly";

  /** The SSDP multicast group and port, {@code 239.255.255.250:1900}. */
  public static final InetSocketAddress SSDP_MULTICAST = multicastGroup();

  private static final UpnpOptions DEFAULTS =
      new UpnpOptions(
          SSDP_MULTICAST,
          Duration.ofSeconds(2),
          3,
          Duration.ofSeconds(5),
          Duration.ofSeconds(5),
          64 * 1024,
          false,
          Schedulers.parallel());

  /**
   * Validates every component.
   *
   * @throws InvalidConfigException naming the offending component, e.g. {@code searchAttempts
   *     must be 1..100, got 0}
   */
  public UpnpOptions {
    present("ssdpTarget", ssdpTarget);
    if (ssdpTarget.isUnresolved() || ssdpTarget.getPort() == 0) {
      throw new InvalidConfigException(
          "ssdpTarget must be an IP address with a port 1..65535, got " + ssdpTarget);
    }
    positive("searchWindow", searchWindow);
    range("searchAttempts", searchAttempts, 1, 100);
    present("retryBackoff", retryBackoff);
    if (retryBackoff.isNegative()) {
      throw new InvalidConfigException("retryBackoff must not be negative, got " + retryBackoff);
    }
    positive("requestTimeout", requestTimeout);
    range("maxResponseBytes", maxResponseBytes, 1024, 16 * 1024 * 1024);
    present("timer", timer);
  }

  /** The defaults listed on each component. */
  public static UpnpOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Whether sends are restricted to loopback: {@link #loopbackOnly()}, or the system property
   * {@value #LOOPBACK_ONLY_PROPERTY} is {@code true} at the moment of asking.
   */
  public boolean enforcesLoopback() {
    return loopbackOnly || Boolean.getBoolean(LOOPBACK_ONLY_PROPERTY);
  }

  /** A copy with {@link #ssdpTarget()} replaced. */
  public UpnpOptions withSsdpTarget(InetSocketAddress ssdpTarget) {
    return new UpnpOptions(ssdpTarget, searchWindow, searchAttempts, retryBackoff,
        requestTimeout, maxResponseBytes, loopbackOnly, timer);
  }

  /** A copy with {@link #searchWindow()} replaced. */
  public UpnpOptions withSearchWindow(Duration searchWindow) {
    return new UpnpOptions(ssdpTarget, searchWindow, searchAttempts, retryBackoff,
        requestTimeout, maxResponseBytes, loopbackOnly, timer);
  }

  /** A copy with {@link #searchAttempts()} replaced. */
  public UpnpOptions withSearchAttempts(int searchAttempts) {
    return new UpnpOptions(ssdpTarget, searchWindow, searchAttempts, retryBackoff,
        requestTimeout, maxResponseBytes, loopbackOnly, timer);
  }

  /** A copy with {@link #retryBackoff()} replaced. */
  public UpnpOptions withRetryBackoff(Duration retryBackoff) {
    return new UpnpOptions(ssdpTarget, searchWindow, searchAttempts, retryBackoff,
        requestTimeout, maxResponseBytes, loopbackOnly, timer);
  }

  /** A copy with {@link #requestTimeout()} replaced. */
  public UpnpOptions withRequestTimeout(Duration requestTimeout) {
    return new UpnpOptions(ssdpTarget, searchWindow, searchAttempts, retryBackoff,
        requestTimeout, maxResponseBytes, loopbackOnly, timer);
  }

  /** A copy with {@link #maxResponseBytes()} replaced. */
  public UpnpOptions withMaxResponseBytes(int maxResponseBytes) {
    return new UpnpOptions(ssdpTarget, searchWindow, searchAttempts, retryBackoff,
        requestTimeout, maxResponseBytes, loopbackOnly, timer);
  }

  /** A copy with {@link #loopbackOnly()} replaced. */
  public UpnpOptions withLoopbackOnly(boolean loopbackOnly) {
    return new UpnpOptions(ssdpTarget, searchWindow, searchAttempts, retryBackoff,
        requestTimeout, maxResponseBytes, loopbackOnly, timer);
  }

  /** A copy with {@link #timer()} replaced. */
  public UpnpOptions withTimer(Scheduler timer) {
    return new UpnpOptions(ssdpTarget, searchWindow, searchAttempts, retryBackoff,
        requestTimeout, maxResponseBytes, loopbackOnly, timer);
  }

  private static void present(String field, @Nullable Object value) {
    if (value == null) {
      throw new InvalidConfigException(field + " must be set");
    }
  }

  private static void positive(String field, @Nullable Duration value) {
    present(field, value);
    if (value.isNegative() || value.isZero()) {
      throw new InvalidConfigException(field + " must be positive, got " + value);
    }
  }

  private static void range(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new InvalidConfigException(field + " must be " + min + ".." + max + ", got " + value);
    }
  }

  private static InetSocketAddress multicastGroup() {
    try {
      return new InetSocketAddress(
          InetAddress.getByAddress(new byte[] {(byte) 239, (byte) 255, (byte) 255, (byte) 250}),
          1900);
    } catch (UnknownHostException e) {
      throw new AssertionError("a 4-byte address is always valid", e);
    }
  }
}
