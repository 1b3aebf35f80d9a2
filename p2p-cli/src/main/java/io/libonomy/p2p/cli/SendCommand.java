package io.libonomy.p2p.cli;

import io.libonomy.p2p.api.ConnectionClosedException;
import io.libonomy.p2p.api.DirectMessage;
import io.libonomy.p2p.api.HandshakeException;
import io.libonomy.p2p.api.RemoteRequestException;
import io.libonomy.p2p.api.RequestTimeoutException;
import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.identity.NodeInfo;
import io.libonomy.p2p.server.Endpoint;
import io.libonomy.p2p.server.MessageServer;
import io.libonomy.p2p.swarm.Switch;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Mono;

/** {@code p2p send}: one message to a node, and the echo it sends back. */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Sends one message to a node and prints its echo.",
      "",
      "Dials the node at URL, sends TEXT as a direct message on PROTOCOL, waits for that node"
          + " to send a message back on PROTOCOL, and prints the reply on stdout as UTF-8 text."
          + " Meant for a node started with 'p2p node --echo PROTOCOL'. Uses a throwaway identity"
          + " unless --data-dir is given, and listens on 127.0.0.1, on a free port, meanwhile.",
      ""
    },
    footer = {
      "",
      "Exit status: 0 reply printed, 1 failure (nothing listens, session refused, no echo in"
          + " time), 2 usage error (e.g. malformed URL), 130 interrupted."
    })
final class SendCommand implements Callable<Integer> {

  private static final P2PConfig DEFAULTS = P2PConfig.defaults();

  @Parameters(
      index = "0",
      paramLabel = "URL",
      description = "Node URL, as 'p2p node' prints it.")
  private String url = "";

  @Parameters(index = "1", paramLabel = "PROTOCOL", description = "Protocol name, e.g. chat/1.")
  private String protocol = "";

  @Parameters(index = "2", paramLabel = "TEXT", description = "Message, sent as UTF-8.")
  private String text = "";

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "10s",
      description = "Longest wait for the echo, dialing included, e.g. 500ms, 10s, 2m"
          + " (default: ${DEFAULT-VALUE}).")
  private Duration timeout = Duration.ofSeconds(10);

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Use the identity stored in DIR (created when missing) instead of a"
          + " throwaway one.")
  private @Nullable Path dataDir;

  @Option(
      names = "--network-id",
      paramLabel = "N",
      description = "Network to claim in the handshake; must match the node's"
          + " (default: ${DEFAULT-VALUE}).")
  private int networkId = DEFAULTS.networkId();

  @Option(
      names = "--request",
      description = "Send TEXT as a REQUEST and print the RESPONSE instead of waiting for an"
          + " echoed direct message (a node started with --echo PROTOCOL answers any type).")
  private boolean request;

  @Option(
      names = "--msg-type",
      paramLabel = "N",
      defaultValue = "0",
      description = "Message type of the request, 0..2147483647 (default: ${DEFAULT-VALUE}).")
  private int msgType;

  @Option(
      names = "--udp",
      description = "With --request: send it over UDP to the URL's disc port, without a TCP"
          + " session.")
  private boolean udp;

  @Spec private CommandSpec spec;

  private final Mono<Void> stop;

  SendCommand(Mono<Void> stop) {
    this.stop = stop;
  }

  @Override
  public Integer call() {
    NodeInfo target = NodeInfo.parseUrl(url);
    P2PConfig config = DEFAULTS
        .withBindAddress("127.0.0.1")
        .withTcpPort(0)
        .withNetworkId(networkId)
        .withAcquirePort(false);
    Switch node = create(config);
    byte[] reply;
    try {
      Blocking.start(node);
      reply = Objects.requireNonNull(exchange(node, target).block());
    } catch (RuntimeException e) {
      Blocking.shutdownAfter(node, e);
      throw e;
    }
    Blocking.shutdown(node);
    spec.commandLine().getOut().println(new String(reply, StandardCharsets.UTF_8));
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }

  private Switch create(P2PConfig config) {
    MeterRegistry registry = new SimpleMeterRegistry();
    return dataDir == null
        ? Switch.create(config, KeyPair.generate(), registry)
        : Switch.create(config, dataDir, registry);
  }

  /** Dial, send, and the payload of the first message {@code target} sends back. */
  private Mono<byte[]> exchange(Switch node, NodeInfo target) {
    if (udp && !request) {
      throw new CommandFailure(ExitCode.USAGE, "--udp needs --request");
    }
    if (msgType < 0) {
      throw new CommandFailure(ExitCode.USAGE, "--msg-type must be 0..2147483647");
    }
    return request ? requestReply(node, target) : echoReply(node, target);
  }

  private Mono<byte[]> requestReply(Switch node, NodeInfo target) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    AtomicBoolean connected = new AtomicBoolean(udp);
    MessageServer server = MessageServer.on(udp ? node.udp() : node, protocol, timeout,
        new SimpleMeterRegistry());
    Mono<byte[]> reply = udp
        ? server.request(Endpoint.of(target.id(), target.udpAddress()), msgType, payload)
        : node.connect(target)
            .onErrorMap(e -> dialFailure(e, target))
            .doOnNext(peer -> connected.set(true))
            .flatMap(peer -> server.request(Endpoint.of(peer), msgType, payload));
    Mono<byte[]> answered = reply
        .onErrorMap(RequestTimeoutException.class,
            e -> new CommandFailure(ExitCode.SOFTWARE, "no response within "
                + DurationConverter.format(timeout)))
        .onErrorMap(RemoteRequestException.class,
            e -> new CommandFailure(ExitCode.SOFTWARE, "the node refused the request: "
                + e.reason()))
        .timeout(timeout, Mono.error(() -> timedOut(connected.get(), target)));
    return withInterrupt(answered);
  }

  private Mono<byte[]> withInterrupt(Mono<byte[]> reply) {
    Mono<byte[]> interrupted = stop.then(Mono.error(
        () -> new CommandFailure(CommandFailure.INTERRUPTED, "interrupted")));
    return Mono.firstWithSignal(reply, interrupted);
  }

  private Mono<byte[]> echoReply(Switch node, NodeInfo target) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    AtomicBoolean connected = new AtomicBoolean();
    Mono<byte[]> echo = node.direct(protocol)
        .filter(message -> message.sender().equals(target.id()))
        .next()
        .map(DirectMessage::payload);
    Mono<Boolean> sent = node.connect(target)
        .onErrorMap(e -> dialFailure(e, target))
        .doOnNext(peer -> connected.set(true))
        .flatMap(peer -> node.send(peer, protocol, payload))
        .thenReturn(Boolean.TRUE);
    // zip subscribes in argument order: the echo is listened for before anything is sent.
    Mono<byte[]> reply = Mono.zip(echo, sent, (bytes, ignored) -> bytes)
        .timeout(timeout, Mono.error(() -> timedOut(connected.get(), target)));
    return withInterrupt(reply);
  }

  private CommandFailure timedOut(boolean connected, NodeInfo target) {
    String limit = DurationConverter.format(timeout);
    return new CommandFailure(ExitCode.SOFTWARE, connected
        ? "no echo within " + limit
        : "could not connect to " + address(target) + " within " + limit);
  }

  /** Tells a TCP failure (nothing listens there) from a session the node refused. */
  private static CommandFailure dialFailure(Throwable failure, NodeInfo target) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException refused) {
        String reason = String.valueOf(refused.getMessage()).contains("Connection refused")
            ? "connection refused"
            : ErrorReporter.describe(refused);
        return new CommandFailure(
            ExitCode.SOFTWARE, "cannot connect to " + address(target) + ": " + reason);
      }
    }
    String reason = ErrorReporter.describe(failure);
    if (failure instanceof HandshakeException || failure instanceof ConnectionClosedException) {
      return new CommandFailure(ExitCode.SOFTWARE, address(target) + " refused the session: "
          + reason + " (check --network-id and the key in the URL)");
    }
    return new CommandFailure(
        ExitCode.SOFTWARE, "cannot connect to " + address(target) + ": " + reason);
  }

  private static String address(NodeInfo target) {
    String host = target.ip().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + target.tcpPort();
  }
}
