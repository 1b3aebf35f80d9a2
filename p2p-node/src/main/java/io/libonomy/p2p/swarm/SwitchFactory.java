package io.libonomy.p2p.swarm;

import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.crypto.Entropy;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.discovery.AddressBook;
import io.libonomy.p2p.discovery.Discovery;
import io.libonomy.p2p.identity.IdentityStore;
import io.libonomy.p2p.upnp.UpnpOptions;
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
    Path peersFile = dataDir.resolve("p2p").resolve(config.swarm().peersFile());
    Clock clock = Clock.systemUTC();
    // blocking file I/O, like the identity above: creating a node happens at the edge
    AddressBook book = Discovery.loadAddressBook(peersFile, identity.publicKey(), clock,
        Entropy.seededDrbg()).block();
    return new DefaultSwitch(config, identity, Objects.requireNonNull(book, "book"), peersFile,
        Objects.requireNonNull(registry, "registry"), clock, UpnpOptions.defaults());
  }

  /** A node without a data directory: a fresh address book, never persisted. */
  static Switch create(P2PConfig config, KeyPair identity, MeterRegistry registry) {
    return create(config, identity, registry, UpnpOptions.defaults());
  }

  /** As {@link #create(P2PConfig, KeyPair, MeterRegistry)}, looking for a UPnP gateway as told. */
  static Switch create(P2PConfig config, KeyPair identity, MeterRegistry registry,
      UpnpOptions upnp) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(identity, "identity");
    Clock clock = Clock.systemUTC();
    AddressBook book = AddressBook.create(identity.publicKey(), clock, Entropy.seededDrbg());
    return new DefaultSwitch(config, identity, book, null,
        Objects.requireNonNull(registry, "registry"), clock,
        Objects.requireNonNull(upnp, "upnp"));
  }
}
