package io.libonomy.p2p.cli;

import io.libonomy.p2p.api.DirectMessage;
import io.libonomy.p2p.api.InvalidConfigException;
import io.libonomy.p2p.config.ConfigFile;
import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.config.SwarmConfig;
import io.libonomy.p2p.server.MessageServer;
import io.libonomy.p2p.server.RequestChannel;
import io.libonomy.p2p.swarm.Switch;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** {@code p2p node}: runs a node until the process is asked to stop. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs a node until SIGINT (Ctrl-C) or SIGTERM.",
      "",
      "Once the node accepts connections it prints exactly one line on stdout:",
      "  listening <node URL>",
      "The URL shows 127.0.0.1 when the node listens on the wildcard address. On SIGINT or"
          + " SIGTERM the node closes its connections and the process exits 0.",
      ""
    },
    footer = {
      "",
      "Without --upnp (or acquire-port = true in the --config file) the node does not touch"
          + " the router: to accept connections from other networks, forward the TCP and UDP"
          + " port yourself.",
      "",
      "Exit status: 0 stopped by a signal after a clean shutdown, 1 failure (e.g. port in use),"
          + " 2 usage error."
    })
final class NodeCommand implements Callable<Integer> {

  /** Echo replies in flight at once; more wait, slowing their senders. */
  private static final int ECHO_CONCURRENCY = 32;

  private static final Logger log = LoggerFactory.getLogger(NodeCommand.class);
  private static final P2PConfig DEFAULTS = P2PConfig.defaults();

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where the node keeps its identity (created on first use) and its address"
          + " book (p2p/peers.json). Default: ~/.libonomy-p2p")
  private Path dataDir = Path.of(System.getProperty("user.home"), ".libonomy-p2p");

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A config file in the seed's TOML layout ([p2p], [p2p.swarm]; see"
          + " docs/config.md). The options below override its values.")
  private @Nullable Path configFile;

  @Option(
      names = "--tcp-port",
      paramLabel = "PORT",
      description = "TCP port to listen on; 0 picks a free one (default: 7513).")
  private @Nullable Integer tcpPort;

  @Option(
      names = "--network-id",
      paramLabel = "N",
      description = "Network to join; peers of another network are refused (default: 1).")
  private @Nullable Integer networkId;

  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      description = "IP address to listen on (default: 0.0.0.0).")
  private @Nullable String bindAddress;

  @Option(
      names = "--bootnode",
      paramLabel = "URL",
      description = "A node URL to bootstrap from (libonomy://KEY@IP:PORT[?disc=UDP]); repeat"
          + " for more. With at least one, the node fills its address book from them and"
          + " keeps --randcon outbound peers.")
  private List<String> bootnodes = new ArrayList<>();

  @Option(
      names = "--randcon",
      paramLabel = "N",
      description = "Outbound peers to keep (default: 5).")
  private @Nullable Integer randomConnections;

  @Option(
      names = "--upnp",
      description = "Map the TCP and UDP port on the local router with UPnP, in the background"
          + " (the node runs on unmapped when no gateway answers); the mappings are deleted at"
          + " shutdown. Default: off.")
  private boolean upnp;

  @Option(
      names = "--echo",
      paramLabel = "PROTOCOL",
      description = "Send every direct message received on PROTOCOL back to its sender."
          + " Repeat for more protocols.")
  private List<String> echoProtocols = new ArrayList<>();

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description = "Serve the node's metrics in the Prometheus text format at"
          + " http://ADDR:PORT/metrics (0 picks a free port; the URL is printed on stderr)."
          + " Default: off.")
  private @Nullable Integer metricsPort;

  @Option(
      names = "--metrics-bind",
      paramLabel = "ADDR",
      description = "Address the metrics endpoint listens on (default: ${DEFAULT-VALUE}).")
  private String metricsBind = "127.0.0.1";

  @Spec private CommandSpec spec;

  private final Mono<Void> stop;

  NodeCommand(Mono<Void> stop) {
    this.stop = stop;
  }

  @Override
  public Integer call() {
    P2PConfig config = configuration();
    if (metricsPort != null && (metricsPort < 0 || metricsPort > 65_535)) {
      throw new CommandFailure(ExitCode.USAGE,
          "--metrics-port must be in 0..65535, got " + metricsPort);
    }
    MeterRegistry registry = metricsPort == null ? new SimpleMeterRegistry()
        : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Switch node = Switch.create(config, dataDir, registry);
    try (MetricsEndpoint metrics = metricsPort == null ? null
        : MetricsEndpoint.start((PrometheusMeterRegistry) registry, metricsBind, metricsPort)) {
      if (metrics != null) {
        spec.commandLine().getErr().println("metrics " + metrics.url());
        spec.commandLine().getErr().flush();
      }
      serve(node);
    } catch (RuntimeException e) {
      Blocking.shutdownAfter(node, e);
      throw e;
    }
    Blocking.shutdown(node);
    return ExitCode.OK;
  }

  /**
   * Defaults, then the config file's values, then the options given on the command line. Unlike
   * the library, the command line maps no port with UPnP unless asked ({@code --upnp}, or
   * {@code acquire-port = true} in the file).
   */
  private P2PConfig configuration() {
    P2PConfig base = DEFAULTS.withAcquirePort(false);
    P2PConfig config = configFile == null ? base : fromFile(base, configFile);
    if (upnp) {
      config = config.withAcquirePort(true);
    }
    if (bindAddress != null) {
      config = config.withBindAddress(bindAddress);
    }
    if (tcpPort != null) {
      config = config.withTcpPort(tcpPort);
    }
    if (networkId != null) {
      config = config.withNetworkId(networkId);
    }
    SwarmConfig swarm = config.swarm();
    if (!bootnodes.isEmpty()) {
      swarm = swarm.withBootstrap(true).withBootnodes(bootnodes);
    }
    if (randomConnections != null) {
      swarm = swarm.withRandomConnections(randomConnections);
    }
    return config.withSwarm(swarm);
  }

  /** The file's configuration; its errors name the file (a key's message alone does not). */
  private static P2PConfig fromFile(P2PConfig base, Path file) {
    try {
      return ConfigFile.apply(base, file);
    } catch (InvalidConfigException e) {
      String message = e.getMessage();
      throw new CommandFailure(ExitCode.USAGE,
          message.contains(file.toString()) ? message : file + ": " + message);
    }
  }

  /** Starts the node, announces it, and returns once asked to stop. */
  private void serve(Switch node) {
    Blocking.start(node);
    Sinks.Empty<Void> echoFailed = Sinks.empty();
    // Subscribed before the listening line, so that whoever reads it finds the echo in place.
    Disposable echoes = echoAll(node).subscribe(null, echoFailed::tryEmitError);
    List<MessageServer> requestEchoes = echoRequests(node);
    try {
      spec.commandLine().getOut().println("listening " + node.localNode().toUrl());
      spec.commandLine().getOut().flush();
      Mono.firstWithSignal(stop, echoFailed.asMono()).block();
    } finally {
      echoes.dispose();
      Flux.fromIterable(requestEchoes).flatMap(MessageServer::close).then()
          .block(REQUEST_LIFETIME);
    }
  }

  /** Every --echo protocol also answers REQUESTs (any msgType) with their payload, TCP and UDP. */
  private List<MessageServer> echoRequests(Switch node) {
    List<MessageServer> servers = new ArrayList<>();
    for (String protocol : new LinkedHashSet<>(echoProtocols)) {
      for (RequestChannel channel : List.of(node, node.udp())) {
        servers.add(MessageServer.on(channel, protocol, REQUEST_LIFETIME, new SimpleMeterRegistry())
            .handleOthers(request -> Mono.just(request.payload())));
      }
    }
    return servers;
  }

  private static final Duration REQUEST_LIFETIME = Duration.ofSeconds(10);

  private Flux<Void> echoAll(Switch node) {
    return Flux.merge(new LinkedHashSet<>(echoProtocols).stream()
        .map(protocol -> echo(node, protocol))
        .toList());
  }

  private static Flux<Void> echo(Switch node, String protocol) {
    return node.direct(protocol)
        .flatMap(message -> node.send(message.sender(), protocol, message.payload())
            .onErrorResume(e -> {
              logEchoFailure(node, message, e);
              return Mono.empty();
            }), ECHO_CONCURRENCY);
  }

  private static void logEchoFailure(Switch node, DirectMessage message, Throwable failure) {
    if (log.isDebugEnabled()) {
      log.debug("[{}][echo] reply to {} on {} failed: {}", node.localKey().shortId(),
          message.sender().shortId(), message.protocol(), failure.toString());
    }
  }
}
