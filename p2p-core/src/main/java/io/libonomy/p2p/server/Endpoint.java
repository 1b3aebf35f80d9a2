package io.libonomy.p2p.server;

import io.libonomy.p2p.crypto.PublicKey;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A peer as a request channel addresses it: its static key and, on channels that need one
 * (UDP), its socket address. Over TCP the key alone selects the connection and the address,
 * when present, is informative (the connection's remote address).
 */
public record Endpoint(PublicKey key, @Nullable InetSocketAddress address) {

  public Endpoint {
    Objects.requireNonNull(key, "key");
  }

  /** An endpoint known by key only (TCP). */
  public static Endpoint of(PublicKey key) {
    return new Endpoint(key, null);
  }

  /** An endpoint with a socket address (UDP). */
  public static Endpoint of(PublicKey key, InetSocketAddress address) {
    return new Endpoint(key, Objects.requireNonNull(address, "address"));
  }

  @Override
  public String toString() {
    return key.shortId() + (address == null ? "" : "@" + address);
  }
}
