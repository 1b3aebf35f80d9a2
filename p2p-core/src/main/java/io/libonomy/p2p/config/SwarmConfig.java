package io.libonomy.p2p.config;

import static io.libonomy.p2p.config.ConfigChecks.atLeast;
import static io.libonomy.p2p.config.ConfigChecks.nodeUrls;
import static io.libonomy.p2p.config.ConfigChecks.present;

import java.util.List;

/**
 * The {@code [p2p.swarm]} section: how the node finds and keeps peers.
 *
 * @param gossip whether the node takes part in gossip and keeps a neighbourhood of outbound
 *     peers ({@code p2p.swarm.gossip}); default {@code true}
 * @param bootstrap whether {@code start()} first fills the address book from the bootnodes
 *     ({@code p2p.swarm.bootstrap}); default {@code false}
 * @param randomConnections the number of outbound peers the node keeps, also the address book
 *     size a bootstrap waits for ({@code p2p.swarm.randcon}); default 5, at least 0
 * @param bootnodes node URLs to bootstrap from, each a valid {@code libonomy://} URL
 *     ({@code p2p.swarm.bootnodes}); default empty; kept as an immutable copy
 * @param peersFile file name of the persisted address book, inside the node's data directory
 *     ({@code p2p.swarm.peers-file}); default {@code "peers.json"}
 */
public record SwarmConfig(
    boolean gossip,
    boolean bootstrap,
    int randomConnections,
    List<String> bootnodes,
    String peersFile) {

  private static final SwarmConfig DEFAULTS =
      new SwarmConfig(true, false, 5, List.of(), "peers.json");

  /**
   * Validates the section and copies {@code bootnodes}.
   *
   * @throws io.libonomy.p2p.api.InvalidConfigException naming the offending key, e.g.
   *     {@code p2p.swarm.bootnodes[1]: invalid node URL ...}
   */
  public SwarmConfig {
    atLeast("p2p.swarm.randcon", randomConnections, 0);
    bootnodes = nodeUrls("p2p.swarm.bootnodes", bootnodes);
    present("p2p.swarm.peers-file", peersFile);
  }

  /**
   * The seed's defaults: gossip on, no bootstrap, 5 random connections, no bootnodes,
   * {@code peers.json}.
   */
  public static SwarmConfig defaults() {
    return DEFAULTS;
  }

  /** A copy with {@link #gossip()} replaced. */
  public SwarmConfig withGossip(boolean gossip) {
    return new SwarmConfig(gossip, bootstrap, randomConnections, bootnodes, peersFile);
  }

  /** A copy with {@link #bootstrap()} replaced. */
  public SwarmConfig withBootstrap(boolean bootstrap) {
    return new SwarmConfig(gossip, bootstrap, randomConnections, bootnodes, peersFile);
  }

  /** A copy with {@link #randomConnections()} replaced. */
  public SwarmConfig withRandomConnections(int randomConnections) {
    return new SwarmConfig(gossip, bootstrap, randomConnections, bootnodes, peersFile);
  }

  /** A copy with {@link #bootnodes()} replaced by an immutable copy of {@code bootnodes}. */
  public SwarmConfig withBootnodes(List<String> bootnodes) {
    return new SwarmConfig(gossip, bootstrap, randomConnections, bootnodes, peersFile);
  }

  /** A copy with {@link #peersFile()} replaced. */
  public SwarmConfig withPeersFile(String peersFile) {
    return new SwarmConfig(gossip, bootstrap, randomConnections, bootnodes, peersFile);
  }
}
