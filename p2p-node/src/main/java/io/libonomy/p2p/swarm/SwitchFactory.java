package io.libonomy.p2p.swarm;

import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.identity.IdentityStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

/** Builds {@link Switch} instances; the identity rules of seed-behaviour §2.3. */
final class SwitchFactory {

  private SwitchFactory() {}

  static Switch create(P2PConfig config, Path dataDir, MeterRegistry registry) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(dataDir, "dataDir");
    IdentityStore store = IdentityStore.at(dataDir);
    KeyPair identity = config.nodeId().isEmpty()
        ? store.loadOrCreate(new SecureRandom())
        : store.load(PublicKey.fromBase58(config.nodeId()));
    return create(config, identity, registry);
  }

  static Switch create(P2PConfig config, KeyPair identity, MeterRegistry registry) {
    return new DefaultSwitch(Objects.requireNonNull(config, "config"),
        Objects.requireNonNull(identity, "identity"),
        Objects.requireNonNull(registry, "registry"), Clock.systemUTC());
  }
}
