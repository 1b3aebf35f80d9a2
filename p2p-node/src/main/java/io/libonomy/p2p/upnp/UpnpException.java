package io.libonomy.p2p.upnp;

import io.libonomy.p2p.api.P2PException;
import java.util.Objects;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A UPnP discovery or control failure. {@link #reason()} says what kind; a SOAP fault from the
 * gateway also carries the UPnP {@link #errorCode()} (e.g. 718 ConflictInMappingEntry, 714
 * NoSuchEntryInArray) and {@link #errorDescription()}.
 */
public final class UpnpException extends P2PException {

  /** What went wrong. */
  public enum Reason {
    /** No SSDP answer led to a usable gateway within the configured searches. */
    NO_GATEWAY,
    /** A gateway was found, but no local interface shares a subnet with it. */
    NO_LOCAL_ADDRESS,
    /** The gateway answered with a SOAP fault; {@link #errorCode()} is set. */
    SOAP_FAULT,
    /** The gateway answered with an HTTP status other than 200 and no SOAP fault. */
    HTTP_STATUS,
    /** The gateway did not answer within {@link UpnpOptions#requestTimeout()}. */
    TIMEOUT,
    /** A response was larger than {@link UpnpOptions#maxResponseBytes()}. */
    RESPONSE_TOO_LARGE,
    /** A response was not the XML (or value) the protocol requires. */
    MALFORMED_RESPONSE,
    /** The connection to the gateway failed. */
    IO,
    /** The loopback-only guard refused a non-loopback destination; nothing was sent. */
    NON_LOOPBACK_REFUSED
  }

  private final Reason reason;
  private final int errorCode;
  private final @Nullable String errorDescription;

  UpnpException(Reason reason, String message) {
    this(reason, message, null);
  }

  UpnpException(Reason reason, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.errorCode = -1;
    this.errorDescription = null;
  }

  /** A SOAP fault carrying the gateway's UPnP error code and description. */
  UpnpException(String action, int errorCode, String errorDescription) {
    super(action + " failed: UPnP error " + errorCode + " " + errorDescription);
    this.reason = Reason.SOAP_FAULT;
    this.errorCode = errorCode;
    this.errorDescription = errorDescription;
  }

  /** The kind of failure. */
  public Reason reason() {
    return reason;
  }

  /** The UPnP {@code errorCode} of a SOAP fault; empty for every other reason. */
  public OptionalInt errorCode() {
    return reason == Reason.SOAP_FAULT ? OptionalInt.of(errorCode) : OptionalInt.empty();
  }

  /** The UPnP {@code errorDescription} of a SOAP fault; {@code null} for every other reason. */
  public @Nullable String errorDescription() {
    return errorDescription;
  }
}
