package io.libonomy.p2p.net.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.config.P2PConfig;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.metrics.MeterNames;
import io.libonomy.p2p.net.Envelope;
import io.libonomy.p2p.server.Endpoint;
import io.libonomy.p2p.testing.Await;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * 100,000 garbage datagrams (at least) from 127.0.0.2 while an honest requester on 127.0.0.1 keeps asking:
 * the per-source limit absorbs the flood before any crypto, every garbage datagram is dropped
 * and counted, the tables stay within their bounds, and every honest request is answered.
 */
class UdpMuxFloodTest {

  private static final long SEED = 0x5eed_f100dL;
  private static final int GARBAGE = 100_000;
  private static final int HONEST_REQUESTS = 50;
  private static final Duration ANSWER_WAIT = Duration.ofMillis(20);
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** The flood goes on past GARBAGE until an honest answer came during it, at most this long. */
  private static final Duration FLOOD_CAP = Duration.ofSeconds(20);
  private static final String ECHO = "echo/1";

  private final MeterRegistry serverRegistry = new SimpleMeterRegistry();
  private final KeyPair serverIdentity = KeyPair.generate();
  private final Set<Long> answered = ConcurrentHashMap.newKeySet();
  private final AtomicInteger delivered = new AtomicInteger();
  private final AtomicBoolean flooding = new AtomicBoolean(true);
  /** Set by the honest requester once it counted an answer that came during the flood. */
  private final AtomicBoolean answeredDuringFloodSeen = new AtomicBoolean();
  private UdpMux server;
  private UdpMux client;
  private Disposable serving;
  private Disposable answers;

  @BeforeEach
  void start() {
    P2PConfig config = P2PConfig.defaults().withBindAddress("127.0.0.1");
    server = UdpMux.create(config, serverIdentity, Clock.systemUTC(), serverRegistry);
    client = UdpMux.create(config, KeyPair.generate(), Clock.systemUTC(),
        new SimpleMeterRegistry());
    server.bind(0).block(WAIT);
    client.bind(0).block(WAIT);
    serving = server.listen(ECHO)
        .doOnNext(in -> delivered.incrementAndGet())
        .flatMap(in -> server.send(in.from(), Envelope.response(ECHO, 0,
            in.envelope().reqId(), in.envelope().payload())))
        .subscribe(null, e -> { });
    answers = client.listen(ECHO).subscribe(in -> answered.add(in.envelope().reqId()));
  }

  @AfterEach
  void stop() {
    serving.dispose();
    answers.dispose();
    server.shutdown().block(WAIT);
    client.shutdown().block(WAIT);
  }

  @Test
  void floodFromOneSourceIsAbsorbedWhileAnHonestPeerIsServed() throws InterruptedException {
    Thread flood = new Thread(() -> {
      try (RawUdpPeer attacker = RawUdpPeer.bind("127.0.0.2")) {
        Random random = new Random(SEED);
        long cap = System.nanoTime() + FLOOD_CAP.toNanos();
        // the honest peer's first answer costs an X25519 on each side: on a loaded machine
        // 100,000 datagrams alone could be sent before it came back
        for (int i = 0; i < GARBAGE
            || !answeredDuringFloodSeen.get() && System.nanoTime() < cap; i++) {
          attacker.send(garbage(random), server.port());
        }
      } finally {
        flooding.set(false);
      }
    }, "udp-flood");
    flood.start();

    int answeredDuringFlood = askHonestly();
    flood.join(FLOOD_CAP.plus(WAIT).toMillis());
    assertThat(flood.isAlive()).isFalse();

    assertThat(answered).as("honest requests answered (seed %x)", SEED)
        .hasSize(HONEST_REQUESTS);
    assertThat(answeredDuringFlood).as("honest answers while the flood was running")
        .isPositive();
    // a dropped datagram is counted just before its crypto slot is given back
    Await.until(() -> datagramsIn() == delivered.get() + droppedInTotal()
            && server.cryptoInFlight() == 0, WAIT,
        "every datagram received accounted for as delivered or dropped");
    double garbageReceived = datagramsIn() - delivered.get();
    assertThat(droppedInTotal()).isEqualTo(garbageReceived);
    assertThat(dropped(DropReason.RATE_LIMIT))
        .as("the rate limit takes the flood before any crypto")
        .isGreaterThan(0.9 * garbageReceived);
    assertThat(server.trackedSources()).isLessThanOrEqualTo(UdpLimits.DEFAULTS.sources());
    assertThat(server.cachedSharedKeys())
        .as("made-up sender keys never enter the cache").isEqualTo(1);
    assertThat(server.replayEntries()).isLessThanOrEqualTo(UdpLimits.DEFAULTS.replayEntries());
    assertThat(server.cryptoInFlight()).isZero();
    assertThat(server.queued(ECHO)).isZero();
    System.out.printf("flood: %.0f garbage received, dropped %s; %d honest answers during it%n",
        garbageReceived, dropSummary(), answeredDuringFlood);
  }

  /**
   * Sends each request until it is answered (UDP may lose it to a full socket buffer); returns
   * how many answers arrived while the flood was still running.
   */
  private int askHonestly() {
    Endpoint to = Endpoint.of(serverIdentity.publicKey(),
        new InetSocketAddress("127.0.0.1", server.port()));
    int duringFlood = 0;
    for (long reqId = 1; reqId <= HONEST_REQUESTS; reqId++) {
      long id = reqId;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!answered.contains(id) && System.nanoTime() < deadline) {
        client.send(to, Envelope.request(ECHO, 0, id, new byte[] {(byte) id})).block(WAIT);
        // not answered in time: lost in a full socket buffer, so ask again as a requester would
        Await.holdsWithin(() -> answered.contains(id), ANSWER_WAIT);
      }
      if (flooding.get() && answered.contains(id)) {
        duringFlood++;
        answeredDuringFloodSeen.set(true);
      }
    }
    return duringFlood;
  }

  private static byte[] garbage(Random random) {
    byte[] datagram = new byte[random.nextInt(1281)];
    random.nextBytes(datagram);
    if (datagram.length > 0 && random.nextInt(8) != 0) {
      datagram[0] = DatagramFormat.VERSION; // mostly past the version byte, into the crypto
    }
    return datagram;
  }

  private double datagramsIn() {
    return serverRegistry.counter(UdpMetrics.DATAGRAMS, MeterNames.TAG_DIRECTION, "in").count();
  }

  private double dropped(DropReason reason) {
    return serverRegistry.counter(UdpMetrics.DROPPED, MeterNames.TAG_REASON, reason.tag())
        .count();
  }

  private double droppedInTotal() {
    return serverRegistry.find(UdpMetrics.DROPPED).counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  private String dropSummary() {
    StringBuilder summary = new StringBuilder();
    for (DropReason reason : DropReason.values()) {
      if (dropped(reason) > 0) {
        summary.append(reason.tag()).append('=').append((long) dropped(reason)).append(' ');
      }
    }
    return summary.toString().trim();
  }
}
