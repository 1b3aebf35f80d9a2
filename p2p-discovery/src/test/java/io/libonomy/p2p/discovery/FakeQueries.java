package io.libonomy.p2p.discovery;

import io.libonomy.p2p.api.RequestTimeoutException;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.identity.NodeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Scripted discovery peers for refresher tests: by default every server answers its PING and
 * has no addresses; {@link #addresses} and {@link #pings} script one server. Records every
 * query in call order. Thread-safe.
 */
final class FakeQueries implements Queries {

  private final Map<PublicKey, Function<Integer, Mono<PingResult>>> pings =
      new ConcurrentHashMap<>();
  private final Map<PublicKey, Function<Integer, Mono<List<NodeInfo>>>> addresses =
      new ConcurrentHashMap<>();
  private final List<String> calls = new ArrayList<>();

  /** {@code server}'s n-th GET_ADDRESSES (from 1) answers {@code answer.apply(n)}. */
  FakeQueries addresses(NodeInfo server, Function<Integer, Mono<List<NodeInfo>>> answer) {
    addresses.put(server.id(), answer);
    return this;
  }

  /** {@code server}'s n-th PING (from 1) answers {@code answer.apply(n)}. */
  FakeQueries pings(NodeInfo server, Function<Integer, Mono<PingResult>> answer) {
    pings.put(server.id(), answer);
    return this;
  }

  /** {@code server} never answers a PING (it times out at once). */
  FakeQueries unreachable(NodeInfo server) {
    return pings(server, n -> Mono.error(new RequestTimeoutException("no answer")));
  }

  @Override
  public Mono<PingResult> ping(NodeInfo node) {
    return Mono.defer(() -> {
      int n = record("ping", node);
      Function<Integer, Mono<PingResult>> answer = pings.get(node.id());
      return answer != null ? answer.apply(n)
          : Mono.just(new PingResult(node.id(), node.ip(), 1, 1));
    });
  }

  @Override
  public Mono<List<NodeInfo>> getAddresses(NodeInfo node) {
    return Mono.defer(() -> {
      int n = record("get", node);
      Function<Integer, Mono<List<NodeInfo>>> answer = addresses.get(node.id());
      return answer != null ? answer.apply(n) : Mono.just(List.of());
    });
  }

  /** How many times {@code kind} ("ping" or "get") went to {@code node}. */
  synchronized int count(String kind, NodeInfo node) {
    String call = kind + " " + node.id();
    return (int) calls.stream().filter(call::equals).count();
  }

  /** How many queries of {@code kind} went anywhere. */
  synchronized int count(String kind) {
    return (int) calls.stream().filter(c -> c.startsWith(kind + " ")).count();
  }

  private synchronized int record(String kind, NodeInfo node) {
    calls.add(kind + " " + node.id());
    return count(kind, node);
  }
}
