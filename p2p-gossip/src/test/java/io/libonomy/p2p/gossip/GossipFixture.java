package io.libonomy.p2p.gossip;

import io.libonomy.p2p.api.Direction;
import io.libonomy.p2p.api.PeerEvent;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.crypto.PublicKey;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * One gossip engine with a recording transport, a hand-driven peer event stream (events sent
 * while nobody follows are lost, as on a live switch before start), virtual time for
 * deadlines and the immediate scheduler for validation and relays, so every outcome is
 * visible when the call that causes it returns.
 */
final class GossipFixture implements AutoCloseable {

  record Sent(PublicKey peer, String protocol, byte[] payload) {}

  private static final Random KEYS = new Random(42);

  final PublicKey localKey = key();
  final Queue<Sent> sent = new ConcurrentLinkedQueue<>();
  final Queue<PublicKey> offenders = new ConcurrentLinkedQueue<>();
  final MeterRegistry registry = new SimpleMeterRegistry();
  final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  final Sinks.Many<PeerEvent> events = Sinks.many().multicast().directBestEffort();
  final DefaultGossip gossip;
  volatile Function<Sent, Mono<Void>> sendBehaviour = s -> Mono.empty();

  GossipFixture() {
    this(GossipSettings.defaults());
  }

  GossipFixture(GossipSettings settings) {
    this(settings, Schedulers.immediate());
  }

  GossipFixture(GossipSettings settings, Scheduler validation) {
    this.gossip = (DefaultGossip) Gossip.create(settings, localKey,
        (protocol, payload) -> peer -> Mono.defer(() -> {
          Sent s = new Sent(peer, protocol, payload);
          sent.add(s);
          return sendBehaviour.apply(s);
        }),
        events.asFlux(), offenders::add, registry,
        new Gossip.Options(time, validation, Schedulers.immediate()));
  }

  static PublicKey key() {
    synchronized (KEYS) {
      return KeyPair.generate(KEYS).publicKey();
    }
  }

  List<PublicKey> connect(int n) {
    List<PublicKey> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      PublicKey k = key();
      connect(k);
      keys.add(k);
    }
    return keys;
  }

  void connect(PublicKey peer) {
    events.tryEmitNext(new PeerEvent.Connected(peer, Direction.OUTBOUND));
  }

  void disconnect(PublicKey peer) {
    events.tryEmitNext(new PeerEvent.Disconnected(peer, Direction.OUTBOUND));
  }

  long sentTo(PublicKey peer) {
    return sent.stream().filter(s -> s.peer().equals(peer)).count();
  }

  double count(String protocol, String state) {
    var c = registry.find(GossipMeters.MESSAGES).tag(GossipMeters.TAG_PROTOCOL, protocol)
        .tag(GossipMeters.TAG_STATE, state).counter();
    return c == null ? 0 : c.count();
  }

  double dropped(String protocol, String reason) {
    var c = registry.find(GossipMeters.DROPPED).tag(GossipMeters.TAG_PROTOCOL, protocol)
        .tag(GossipMeters.TAG_REASON, reason).counter();
    return c == null ? 0 : c.count();
  }

  @Override
  public void close() {
    gossip.close().block();
    time.dispose();
  }
}
