package io.libonomy.p2p.net.tcp;

import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.version.ClientVersion;
import java.time.Duration;
import java.util.Objects;

/**
 * What one side brings to a handshake.
 *
 * @param identity the static key pair
 * @param networkId the network both sides must share
 * @param clientVersion the version text this side sends
 * @param listenPort the TCP port this side accepts connections on (0: none)
 * @param minClientVersion the oldest peer version accepted
 * @param maxClockDrift the largest accepted |now − m1.timestampMillis| (inclusive)
 */
record HandshakeParams(
    KeyPair identity,
    int networkId,
    String clientVersion,
    int listenPort,
    ClientVersion minClientVersion,
    Duration maxClockDrift) {

  HandshakeParams {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(clientVersion, "clientVersion");
    Objects.requireNonNull(minClientVersion, "minClientVersion");
    Objects.requireNonNull(maxClockDrift, "maxClockDrift");
  }
}
