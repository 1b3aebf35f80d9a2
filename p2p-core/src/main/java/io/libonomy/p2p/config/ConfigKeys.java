package io.libonomy.p2p.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.libonomy.p2p.api.InvalidConfigException;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of the seed's TOML layout and what each one sets: applies a parsed file to a
 * {@link P2PConfig}, key by key in file order, so the first bad key is the one reported.
 */
final class ConfigKeys {

  private static final Logger log = LoggerFactory.getLogger(ConfigFile.class);

  private static final Map<String, BiFunction<P2PConfig, ConfigValue, P2PConfig>> P2P =
      p2pKeys();

  private static final Map<String, BiFunction<SwarmConfig, ConfigValue, SwarmConfig>> SWARM =
      swarmKeys();

  /** Seed keys this library has no use for; a seed config file carries them. */
  private static final Set<String> UNUSED_P2P = Set.of("conn-keepalive", "msg-size-limit");

  private static final Set<String> UNUSED_SWARM = Set.of("bucketsize", "alpha");

  /** Names the seed's sample config used by mistake, and the key that was meant. */
  private static final Map<String, String> MISNAMED = Map.of("target-outbound", "outbound-target");

  private ConfigKeys() {}

  /** Applies the {@code [p2p]} table of {@code root} to {@code base}; warns of {@code [time]}. */
  static P2PConfig apply(P2PConfig base, JsonNode root) {
    warnAboutTime(root.get("time"));
    JsonNode p2p = root.get("p2p");
    if (p2p == null) {
      return base;
    }
    P2PConfig config = base;
    for (Map.Entry<String, JsonNode> entry : new ConfigValue("p2p", p2p).table()) {
      String name = entry.getKey();
      ConfigValue value = new ConfigValue("p2p." + name, entry.getValue());
      if (name.equals("swarm")) {
        config = config.withSwarm(applySwarm(config.swarm(), value));
      } else if (P2P.containsKey(name)) {
        config = P2P.get(name).apply(config, value);
      } else if (UNUSED_P2P.contains(name)) {
        warnIgnored(value.key());
      } else {
        throw unknownP2pKey(name);
      }
    }
    return config;
  }

  private static SwarmConfig applySwarm(SwarmConfig base, ConfigValue table) {
    SwarmConfig swarm = base;
    for (Map.Entry<String, JsonNode> entry : table.table()) {
      String name = entry.getKey();
      ConfigValue value = new ConfigValue("p2p.swarm." + name, entry.getValue());
      if (SWARM.containsKey(name)) {
        swarm = SWARM.get(name).apply(swarm, value);
      } else if (UNUSED_SWARM.contains(name)) {
        warnIgnored(value.key());
      } else if (P2P.containsKey(name)) {
        throw new InvalidConfigException(
            "unknown key p2p.swarm." + name + " (did you mean p2p." + name + "?)");
      } else {
        throw unknownKey(value.key(), SWARM.keySet());
      }
    }
    return swarm;
  }

  private static InvalidConfigException unknownP2pKey(String name) {
    String meant = MISNAMED.get(name);
    if (meant != null) {
      return new InvalidConfigException("unknown key p2p." + name + " (did you mean p2p." + meant
          + "? the seed's sample config misnamed it)");
    }
    if (SWARM.containsKey(name)) {
      return new InvalidConfigException(
          "unknown key p2p." + name + " (did you mean p2p.swarm." + name + "?)");
    }
    return unknownKey("p2p." + name, P2P.keySet());
  }

  /**
   * "unknown key {@code key}", suggesting the nearest of {@code known} (names in the same table)
   * when it is within two edits.
   */
  static InvalidConfigException unknownKey(String key, Collection<String> known) {
    int dot = key.lastIndexOf('.');
    String table = key.substring(0, dot + 1);
    String name = key.substring(dot + 1);
    Optional<String> nearest =
        known.stream()
            .filter(candidate -> editDistance(name, candidate) <= 2)
            .min(Comparator.comparingInt((String candidate) -> editDistance(name, candidate)));
    return new InvalidConfigException("unknown key " + key
        + nearest.map(candidate -> " (did you mean " + table + candidate + "?)").orElse(""));
  }

  /** Levenshtein distance with adjacent transpositions counted as one edit ("prot" → "port"). */
  static int editDistance(String a, String b) {
    if (Math.abs(a.length() - b.length()) > 2) {
      return 3;
    }
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /** All of {@code [time]} configures the seed's NTP check, which this library does not have. */
  private static void warnAboutTime(@Nullable JsonNode time) {
    if (time == null) {
      return;
    }
    if (time.isObject()) {
      time.fieldNames().forEachRemaining(name -> warnIgnored("time." + name));
    } else {
      warnIgnored("time");
    }
  }

  private static void warnIgnored(String key) {
    log.warn("ignored: {} is not used by this library", key);
  }

  private static Map<String, BiFunction<P2PConfig, ConfigValue, P2PConfig>> p2pKeys() {
    Map<String, BiFunction<P2PConfig, ConfigValue, P2PConfig>> keys = new LinkedHashMap<>();
    keys.put("bind-address", (c, v) -> c.withBindAddress(v.string()));
    keys.put("tcp-port", (c, v) -> c.withTcpPort(v.integer()));
    keys.put("acquire-port", (c, v) -> c.withAcquirePort(v.bool()));
    keys.put("node-id", (c, v) -> c.withNodeId(v.string()));
    keys.put("network-id", (c, v) -> c.withNetworkId(v.integer()));
    keys.put("dial-timeout", (c, v) -> c.withDialTimeout(v.duration()));
    keys.put("response-timeout", (c, v) -> c.withResponseTimeout(v.duration()));
    keys.put("session-timeout", (c, v) -> c.withSessionTimeout(v.duration()));
    keys.put("max-pending-connections", (c, v) -> c.withMaxPendingHandshakes(v.integer()));
    keys.put("outbound-target", (c, v) -> c.withOutboundPeersTarget(v.integer()));
    keys.put("max-inbound", (c, v) -> c.withMaxInboundPeers(v.integer()));
    keys.put("buffer-size", (c, v) -> c.withBufferSize(v.integer()));
    keys.put("max-frame-size", (c, v) -> c.withMaxFrameSize(v.integer()));
    keys.put("max-datagram-size", (c, v) -> c.withMaxDatagramSize(v.integer()));
    keys.put("max-clock-drift", (c, v) -> c.withMaxClockDrift(v.duration()));
    keys.put("send-timeout", (c, v) -> c.withSendTimeout(v.duration()));
    keys.put("overflow-policy", (c, v) -> c.withOverflowPolicy(v.overflowPolicy()));
    keys.put("max-connections-per-ip", (c, v) -> c.withMaxConnectionsPerIp(v.integer()));
    keys.put("handshake-rate-per-source", (c, v) -> c.withHandshakeRatePerSource(v.rateLimit()));
    keys.put("udp-rate-per-source", (c, v) -> c.withUdpRatePerSource(v.rateLimit()));
    keys.put("min-client-version", (c, v) -> c.withMinClientVersion(v.string()));
    keys.put("validation-timeout", (c, v) -> c.withValidationTimeout(v.duration()));
    keys.put("max-invalid-per-minute", (c, v) -> c.withMaxInvalidPerMinute(v.integer()));
    keys.put("write-buffer-high-water-mark",
        (c, v) -> c.withWriteBufferHighWaterMark(v.integer()));
    return keys;
  }

  private static Map<String, BiFunction<SwarmConfig, ConfigValue, SwarmConfig>> swarmKeys() {
    Map<String, BiFunction<SwarmConfig, ConfigValue, SwarmConfig>> keys = new LinkedHashMap<>();
    keys.put("gossip", (s, v) -> s.withGossip(v.bool()));
    keys.put("bootstrap", (s, v) -> s.withBootstrap(v.bool()));
    keys.put("randcon", (s, v) -> s.withRandomConnections(v.integer()));
    keys.put("bootnodes", (s, v) -> s.withBootnodes(v.strings()));
    keys.put("peers-file", (s, v) -> s.withPeersFile(v.string()));
    return keys;
  }
}
