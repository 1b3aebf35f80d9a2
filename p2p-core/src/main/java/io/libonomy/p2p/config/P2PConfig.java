package io.libonomy.p2p.config;

import static io.libonomy.p2p.config.ConfigChecks.atLeast;
import static io.libonomy.p2p.config.ConfigChecks.clientVersion;
import static io.libonomy.p2p.config.ConfigChecks.emptyOrKey;
import static io.libonomy.p2p.config.ConfigChecks.ipLiteral;
import static io.libonomy.p2p.config.ConfigChecks.positive;
import static io.libonomy.p2p.config.ConfigChecks.present;
import static io.libonomy.p2p.config.ConfigChecks.range;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A node's configuration: the {@code [p2p]} section of the seed's TOML layout plus the keys
 * this library adds. Immutable; {@link #defaults()} gives the defaults listed below, and every
 * {@code with*} method returns a validated copy, leaving this instance unchanged.
 *
 * <p>The constructor validates every component and throws
 * {@link io.libonomy.p2p.api.InvalidConfigException} naming the first offending key in its TOML
 * form, e.g. {@code p2p.session-timeout must be positive, got PT0S}. A {@code null} component is
 * reported the same way ({@code p2p.dial-timeout must be set}). Durations must be positive.
 *
 * @param bindAddress IP address the TCP and UDP listeners bind to ({@code p2p.bind-address});
 *     default {@code "0.0.0.0"}; an IPv4 or IPv6 literal without brackets, never a host name
 * @param tcpPort TCP and UDP listen port ({@code p2p.tcp-port}); default 7513; 0..65535, 0 picks
 *     a free port
 * @param acquirePort whether to map the listen port on the local router with UPnP
 *     ({@code p2p.acquire-port}); default {@code true}
 * @param nodeId the identity to load from the data directory as a base58 public key; empty loads
 *     the first stored identity or creates one ({@code p2p.node-id}); default {@code ""}
 * @param networkId the network the node belongs to; peers of another network are refused
 *     ({@code p2p.network-id}); default 1 (0 is the main net); 0..2<sup>31</sup>−1
 * @param dialTimeout how long an outbound TCP connect may take ({@code p2p.dial-timeout});
 *     default 1 minute
 * @param responseTimeout how long to wait for a peer's response before giving up
 *     ({@code p2p.response-timeout}); default 60 seconds
 * @param sessionTimeout how long a connection may take from accept or connect until its
 *     handshake completes ({@code p2p.session-timeout}); default 15 seconds
 * @param maxPendingHandshakes connections allowed in the handshake state at once; further ones
 *     are closed at accept ({@code p2p.max-pending-connections}); default 100; at least 1
 * @param outboundPeersTarget sizes the queue of requests for more outbound peers, as in the seed
 *     ({@code p2p.outbound-target}); the number of outbound peers kept is
 *     {@link SwarmConfig#randomConnections()}; default 10; at least 0
 * @param maxInboundPeers inbound peers kept at most; further inbound connections are closed
 *     ({@code p2p.max-inbound}); default 100; at least 0 (0 accepts none)
 * @param bufferSize bound of each protocol's inbound queue, in messages
 *     ({@code p2p.buffer-size}); default 10,000; at least 1
 * @param maxFrameSize largest TCP frame body after the handshake; a larger length prefix closes
 *     the connection ({@code p2p.max-frame-size}); default 8 MiB; 1024..2<sup>31</sup>−5
 * @param maxDatagramSize largest whole UDP datagram sent or accepted
 *     ({@code p2p.max-datagram-size}); default 1,280 bytes; 256..65,507
 * @param maxClockDrift largest difference between a peer's timestamp and the local clock
 *     accepted in handshakes and datagrams ({@code p2p.max-clock-drift}); default 10 minutes
 * @param sendTimeout how long a send may wait for the socket to take its frame before it fails
 *     ({@code p2p.send-timeout}); default 30 seconds
 * @param overflowPolicy what a protocol's inbound queue does when its subscriber is slow, unless
 *     the protocol chooses otherwise ({@code p2p.overflow-policy}); default
 *     {@link OverflowPolicy#BACKPRESSURE}
 * @param maxConnectionsPerIp connections kept at most with one remote IP address
 *     ({@code p2p.max-connections-per-ip}); default 32; at least 1
 * @param handshakeRatePerSource rate of new TCP connections accepted per source (IPv4 address,
 *     IPv6 /64) ({@code p2p.handshake-rate-per-source}); default 50 a second, burst 50
 * @param udpRatePerSource rate of datagrams accepted per source, checked before any crypto
 *     ({@code p2p.udp-rate-per-source}); default 200 a second, burst 200
 * @param minClientVersion oldest client version accepted from peers, in any form
 *     {@link io.libonomy.p2p.version.ClientVersion#parse} accepts
 *     ({@code p2p.min-client-version}); default {@code "0.1.0"}
 * @param validationTimeout how long gossip waits for the local subscriber to accept or reject a
 *     message; one not judged in time is not relayed ({@code p2p.validation-timeout}); default
 *     10 seconds
 * @param maxInvalidPerMinute invalid messages a peer may send in a minute before it is
 *     disconnected and banned for a while ({@code p2p.max-invalid-per-minute}); default 10; at
 *     least 0
 * @param writeBufferHighWaterMark bytes queued for a connection's socket beyond which sends wait
 *     ({@code p2p.write-buffer-high-water-mark}); default 1 MiB; at least 64 KiB
 * @param swarm the {@code [p2p.swarm]} section; default {@link SwarmConfig#defaults()}
 */
public record P2PConfig(
    String bindAddress,
    int tcpPort,
    boolean acquirePort,
    String nodeId,
    int networkId,
    Duration dialTimeout,
    Duration responseTimeout,
    Duration sessionTimeout,
    int maxPendingHandshakes,
    int outboundPeersTarget,
    int maxInboundPeers,
    int bufferSize,
    int maxFrameSize,
    int maxDatagramSize,
    Duration maxClockDrift,
    Duration sendTimeout,
    OverflowPolicy overflowPolicy,
    int maxConnectionsPerIp,
    RateLimit handshakeRatePerSource,
    RateLimit udpRatePerSource,
    String minClientVersion,
    Duration validationTimeout,
    int maxInvalidPerMinute,
    int writeBufferHighWaterMark,
    SwarmConfig swarm) {

  private static final int KIB = 1024;
  private static final int MIB = 1024 * KIB;

  private static final P2PConfig DEFAULTS =
      new P2PConfig(
          "0.0.0.0",
          7513,
          true,
          "",
          1,
          Duration.ofMinutes(1),
          Duration.ofSeconds(60),
          Duration.ofSeconds(15),
          100,
          10,
          100,
          10_000,
          8 * MIB,
          1280,
          Duration.ofMinutes(10),
          Duration.ofSeconds(30),
          OverflowPolicy.BACKPRESSURE,
          32,
          RateLimit.of(50, 50),
          RateLimit.of(200, 200),
          "0.1.0",
          Duration.ofSeconds(10),
          10,
          MIB,
          SwarmConfig.defaults());

  /**
   * Validates every component.
   *
   * @throws io.libonomy.p2p.api.InvalidConfigException naming the first offending key
   */
  public P2PConfig {
    ipLiteral("p2p.bind-address", bindAddress);
    range("p2p.tcp-port", tcpPort, 0, 65_535);
    emptyOrKey("p2p.node-id", nodeId);
    range("p2p.network-id", networkId, 0, Integer.MAX_VALUE);
    positive("p2p.dial-timeout", dialTimeout);
    positive("p2p.response-timeout", responseTimeout);
    positive("p2p.session-timeout", sessionTimeout);
    atLeast("p2p.max-pending-connections", maxPendingHandshakes, 1);
    atLeast("p2p.outbound-target", outboundPeersTarget, 0);
    atLeast("p2p.max-inbound", maxInboundPeers, 0);
    atLeast("p2p.buffer-size", bufferSize, 1);
    range("p2p.max-frame-size", maxFrameSize, KIB, Integer.MAX_VALUE - 4);
    range("p2p.max-datagram-size", maxDatagramSize, 256, 65_507);
    positive("p2p.max-clock-drift", maxClockDrift);
    positive("p2p.send-timeout", sendTimeout);
    present("p2p.overflow-policy", overflowPolicy);
    atLeast("p2p.max-connections-per-ip", maxConnectionsPerIp, 1);
    present("p2p.handshake-rate-per-source", handshakeRatePerSource);
    present("p2p.udp-rate-per-source", udpRatePerSource);
    clientVersion("p2p.min-client-version", minClientVersion);
    positive("p2p.validation-timeout", validationTimeout);
    atLeast("p2p.max-invalid-per-minute", maxInvalidPerMinute, 0);
    atLeast("p2p.write-buffer-high-water-mark", writeBufferHighWaterMark, 64 * KIB);
    present("p2p.swarm", swarm);
  }

  /** The defaults listed in the class documentation. */
  public static P2PConfig defaults() {
    return DEFAULTS;
  }

  /** A copy with {@link #bindAddress()} replaced. */
  public P2PConfig withBindAddress(String bindAddress) {
    return with(c -> c.bindAddress = bindAddress);
  }

  /** A copy with {@link #tcpPort()} replaced. */
  public P2PConfig withTcpPort(int tcpPort) {
    return with(c -> c.tcpPort = tcpPort);
  }

  /** A copy with {@link #acquirePort()} replaced. */
  public P2PConfig withAcquirePort(boolean acquirePort) {
    return with(c -> c.acquirePort = acquirePort);
  }

  /** A copy with {@link #nodeId()} replaced. */
  public P2PConfig withNodeId(String nodeId) {
    return with(c -> c.nodeId = nodeId);
  }

  /** A copy with {@link #networkId()} replaced. */
  public P2PConfig withNetworkId(int networkId) {
    return with(c -> c.networkId = networkId);
  }

  /** A copy with {@link #dialTimeout()} replaced. */
  public P2PConfig withDialTimeout(Duration dialTimeout) {
    return with(c -> c.dialTimeout = dialTimeout);
  }

  /** A copy with {@link #responseTimeout()} replaced. */
  public P2PConfig withResponseTimeout(Duration responseTimeout) {
    return with(c -> c.responseTimeout = responseTimeout);
  }

  /** A copy with {@link #sessionTimeout()} replaced. */
  public P2PConfig withSessionTimeout(Duration sessionTimeout) {
    return with(c -> c.sessionTimeout = sessionTimeout);
  }

  /** A copy with {@link #maxPendingHandshakes()} replaced. */
  public P2PConfig withMaxPendingHandshakes(int maxPendingHandshakes) {
    return with(c -> c.maxPendingHandshakes = maxPendingHandshakes);
  }

  /** A copy with {@link #outboundPeersTarget()} replaced. */
  public P2PConfig withOutboundPeersTarget(int outboundPeersTarget) {
    return with(c -> c.outboundPeersTarget = outboundPeersTarget);
  }

  /** A copy with {@link #maxInboundPeers()} replaced. */
  public P2PConfig withMaxInboundPeers(int maxInboundPeers) {
    return with(c -> c.maxInboundPeers = maxInboundPeers);
  }

  /** A copy with {@link #bufferSize()} replaced. */
  public P2PConfig withBufferSize(int bufferSize) {
    return with(c -> c.bufferSize = bufferSize);
  }

  /** A copy with {@link #maxFrameSize()} replaced. */
  public P2PConfig withMaxFrameSize(int maxFrameSize) {
    return with(c -> c.maxFrameSize = maxFrameSize);
  }

  /** A copy with {@link #maxDatagramSize()} replaced. */
  public P2PConfig withMaxDatagramSize(int maxDatagramSize) {
    return with(c -> c.maxDatagramSize = maxDatagramSize);
  }

  /** A copy with {@link #maxClockDrift()} replaced. */
  public P2PConfig withMaxClockDrift(Duration maxClockDrift) {
    return with(c -> c.maxClockDrift = maxClockDrift);
  }

  /** A copy with {@link #sendTimeout()} replaced. */
  public P2PConfig withSendTimeout(Duration sendTimeout) {
    return with(c -> c.sendTimeout = sendTimeout);
  }

  /** A copy with {@link #overflowPolicy()} replaced. */
  public P2PConfig withOverflowPolicy(OverflowPolicy overflowPolicy) {
    return with(c -> c.overflowPolicy = overflowPolicy);
  }

  /** A copy with {@link #maxConnectionsPerIp()} replaced. */
  public P2PConfig withMaxConnectionsPerIp(int maxConnectionsPerIp) {
    return with(c -> c.maxConnectionsPerIp = maxConnectionsPerIp);
  }

  /** A copy with {@link #handshakeRatePerSource()} replaced. */
  public P2PConfig withHandshakeRatePerSource(RateLimit handshakeRatePerSource) {
    return with(c -> c.handshakeRatePerSource = handshakeRatePerSource);
  }

  /** A copy with {@link #udpRatePerSource()} replaced. */
  public P2PConfig withUdpRatePerSource(RateLimit udpRatePerSource) {
    return with(c -> c.udpRatePerSource = udpRatePerSource);
  }

  /** A copy with {@link #minClientVersion()} replaced. */
  public P2PConfig withMinClientVersion(String minClientVersion) {
    return with(c -> c.minClientVersion = minClientVersion);
  }

  /** A copy with {@link #validationTimeout()} replaced. */
  public P2PConfig withValidationTimeout(Duration validationTimeout) {
    return with(c -> c.validationTimeout = validationTimeout);
  }

  /** A copy with {@link #maxInvalidPerMinute()} replaced. */
  public P2PConfig withMaxInvalidPerMinute(int maxInvalidPerMinute) {
    return with(c -> c.maxInvalidPerMinute = maxInvalidPerMinute);
  }

  /** A copy with {@link #writeBufferHighWaterMark()} replaced. */
  public P2PConfig withWriteBufferHighWaterMark(int writeBufferHighWaterMark) {
    return with(c -> c.writeBufferHighWaterMark = writeBufferHighWaterMark);
  }

  /** A copy with {@link #swarm()} replaced. */
  public P2PConfig withSwarm(SwarmConfig swarm) {
    return with(c -> c.swarm = swarm);
  }

  /** A copy whose {@link SwarmConfig#bootnodes() swarm bootnodes} are {@code bootnodes}. */
  public P2PConfig withBootnodes(List<String> bootnodes) {
    return withSwarm(swarm.withBootnodes(bootnodes));
  }

  private P2PConfig with(Consumer<Components> change) {
    Components components = new Components(this);
    change.accept(components);
    return components.build();
  }

  /**
   * A mutable copy of the components, so each wither names the one it changes instead of
   * repeating 25 positional arguments.
   */
  private static final class Components {
    String bindAddress;
    int tcpPort;
    boolean acquirePort;
    String nodeId;
    int networkId;
    Duration dialTimeout;
    Duration responseTimeout;
    Duration sessionTimeout;
    int maxPendingHandshakes;
    int outboundPeersTarget;
    int maxInboundPeers;
    int bufferSize;
    int maxFrameSize;
    int maxDatagramSize;
    Duration maxClockDrift;
    Duration sendTimeout;
    OverflowPolicy overflowPolicy;
    int maxConnectionsPerIp;
    RateLimit handshakeRatePerSource;
    RateLimit udpRatePerSource;
    String minClientVersion;
    Duration validationTimeout;
    int maxInvalidPerMinute;
    int writeBufferHighWaterMark;
    SwarmConfig swarm;

    Components(P2PConfig config) {
      bindAddress = config.bindAddress;
      tcpPort = config.tcpPort;
      acquirePort = config.acquirePort;
      nodeId = config.nodeId;
      networkId = config.networkId;
      dialTimeout = config.dialTimeout;
      responseTimeout = config.responseTimeout;
      sessionTimeout = config.sessionTimeout;
      maxPendingHandshakes = config.maxPendingHandshakes;
      outboundPeersTarget = config.outboundPeersTarget;
      maxInboundPeers = config.maxInboundPeers;
      bufferSize = config.bufferSize;
      maxFrameSize = config.maxFrameSize;
      maxDatagramSize = config.maxDatagramSize;
      maxClockDrift = config.maxClockDrift;
      sendTimeout = config.sendTimeout;
      overflowPolicy = config.overflowPolicy;
      maxConnectionsPerIp = config.maxConnectionsPerIp;
      handshakeRatePerSource = config.handshakeRatePerSource;
      udpRatePerSource = config.udpRatePerSource;
      minClientVersion = config.minClientVersion;
      validationTimeout = config.validationTimeout;
      maxInvalidPerMinute = config.maxInvalidPerMinute;
      writeBufferHighWaterMark = config.writeBufferHighWaterMark;
      swarm = config.swarm;
    }

    P2PConfig build() {
      return new P2PConfig(
          bindAddress, tcpPort, acquirePort, nodeId, networkId,
          dialTimeout, responseTimeout, sessionTimeout,
          maxPendingHandshakes, outboundPeersTarget, maxInboundPeers, bufferSize,
          maxFrameSize, maxDatagramSize, maxClockDrift, sendTimeout, overflowPolicy,
          maxConnectionsPerIp, handshakeRatePerSource, udpRatePerSource,
          minClientVersion, validationTimeout, maxInvalidPerMinute,
          writeBufferHighWaterMark, swarm);
    }
  }
}
