package io.libonomy.p2p.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.api.RequestTimeoutException;
import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.discovery.Refresher.Round;
import io.libonomy.p2p.identity.NodeInfo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The seed's refresher_test in Java (fake peers, virtual time), plus the fixed bootstrap. */
class RefresherTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private final SplittableRandom random = new SplittableRandom(21);
  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private final Clock clock = new SchedulerClock(time);
  private final NodeInfo self = TestNodes.publicNode(random);
  private final RecordingBook book =
      new RecordingBook(new DefaultAddressBook(self.id(), clock, new SplittableRandom(4)));
  private final FakeQueries peers = new FakeQueries();
  private final DiscoveryOptions options = DiscoveryOptions.defaults().withTimer(time);

  /** A clock that reads the virtual time, so query spacing follows the back-off. */
  private static final class SchedulerClock extends Clock {
    private final VirtualTimeScheduler time;

    SchedulerClock(VirtualTimeScheduler time) {
      this.time = time;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(TestNodes.START + time.now(TimeUnit.MILLISECONDS));
    }
  }

  private Refresher refresher(List<NodeInfo> bootnodes, DiscoveryOptions options) {
    return new Refresher("[test][discovery]", book, peers, () -> self, bootnodes, options, clock,
        new DiscoveryMetrics(new SimpleMeterRegistry()));
  }

  private Refresher refresher() {
    return refresher(List.of(), options);
  }

  private List<NodeInfo> fresh(int count) {
    return IntStream.range(0, count).mapToObj(i -> TestNodes.publicNode(random)).toList();
  }

  private NodeInfo known() {
    NodeInfo node = TestNodes.publicNode(random);
    assertThat(book.add(node, self)).isTrue();
    return node;
  }

  @Test
  void aRoundStoresTheResultsWithTheAnsweringServerAsSource() {
    NodeInfo server = known();
    List<NodeInfo> results = fresh(10);
    peers.addresses(server, n -> Mono.just(results));

    StepVerifier.create(refresher().round(1))
        .expectNext(new Round(1, 1, 10))
        .verifyComplete();

    for (NodeInfo result : results) {
      assertThat(book.stored(result)).singleElement()
          .extracting(RecordingBook.Added::source).isEqualTo(server);
    }
    assertThat(book.size()).isEqualTo(11);
  }

  @Test
  void anAddressTwoServersReturnIsStoredOnce() {
    List<NodeInfo> servers = fresh(40);
    servers.forEach(s -> book.add(s, self));
    List<NodeInfo> shared = fresh(5);
    for (NodeInfo server : servers) {
      List<NodeInfo> answer = new ArrayList<>(shared);
      answer.addAll(fresh(2));
      peers.addresses(server, n -> Mono.just(answer));
    }

    Round round = refresher().round(40).block(WAIT);

    assertThat(round.queried()).isGreaterThan(1);
    assertThat(round.learned()).isEqualTo(5 + 2 * round.queried());
    for (NodeInfo address : shared) {
      assertThat(book.added().stream().filter(a -> a.address().equals(address))).hasSize(1);
    }
  }

  @Test
  void aFailedPingStoresNothingAndAsksNothing() {
    NodeInfo server = known();
    peers.unreachable(server).addresses(server, n -> Mono.just(fresh(10)));

    StepVerifier.create(refresher().round(1))
        .expectNext(new Round(1, 0, 0))
        .verifyComplete();

    assertThat(peers.count("get")).isZero();
    assertThat(book.size()).isEqualTo(1);
  }

  @Test
  void aFailedGetAddressesIsSkipped() {
    NodeInfo server = known();
    peers.addresses(server, n -> Mono.error(new RequestTimeoutException("no answer")));

    StepVerifier.create(refresher().round(1))
        .expectNext(new Round(1, 0, 0))
        .verifyComplete();
  }

  @Test
  void neitherQueriesNorStoresThisNode() {
    NodeInfo server = known();
    peers.addresses(server, n -> Mono.just(List.of(self)));

    StepVerifier.create(refresher().round(5))
        .expectNext(new Round(1, 1, 0))
        .verifyComplete();
    assertThat(book.added()).noneMatch(a -> a.address().equals(self));
  }

  @Test
  void aServerQueriedLessThan500MillisecondsAgoIsSkipped() {
    NodeInfo server = known();
    Refresher refresher = refresher();

    assertThat(refresher.round(1).block(WAIT).queried()).isEqualTo(1);
    time.advanceTimeBy(Duration.ofMillis(499));
    assertThat(refresher.round(1).block(WAIT)).isEqualTo(Round.NO_SERVERS);
    time.advanceTimeBy(Duration.ofMillis(1));
    assertThat(refresher.round(1).block(WAIT).queried()).isEqualTo(1);
    assertThat(peers.count("ping", server)).isEqualTo(2);
  }

  @Test
  void atMostThreeQueriesRunAtOnce() {
    List<NodeInfo> servers = fresh(40);
    servers.forEach(s -> book.add(s, self));
    servers.forEach(s -> peers.pings(s, n -> Mono.never()));

    Disposable round = refresher().round(40).subscribe(r -> { }, e -> { });

    assertThat(peers.count("ping")).isEqualTo(3);
    round.dispose();
  }

  @Test
  void bootstrapAddsTheBootnodesToAnEmptyBookAndKeepsThem() {
    NodeInfo bootnode = TestNodes.publicNode(random);
    peers.addresses(bootnode, n -> Mono.just(fresh(3)));

    StepVerifier.create(refresher(List.of(bootnode), options).bootstrap(3))
        .verifyComplete();

    assertThat(book.lookup(bootnode.id())).contains(bootnode);
    assertThat(book.stored(bootnode)).singleElement()
        .extracting(RecordingBook.Added::source).isEqualTo(self);
    assertThat(book.size()).isEqualTo(4);
  }

  @Test
  void bootstrapTenSucceedsWhenEachQueryYieldsTenNewNodes() {
    NodeInfo bootnode = TestNodes.publicNode(random);
    peers.addresses(bootnode, n -> Mono.just(fresh(10)));

    StepVerifier.create(refresher(List.of(bootnode), options).bootstrap(10))
        .verifyComplete();

    assertThat(book.size()).isEqualTo(11);
    assertThat(peers.count("get")).isEqualTo(1);
  }

  @Test
  void bootstrapBacksOffLinearlyUpToTheCap() {
    NodeInfo bootnode = TestNodes.publicNode(random);
    List<Long> pingedAt = new ArrayList<>();
    peers.pings(bootnode, n -> {
      pingedAt.add(time.now(TimeUnit.SECONDS));
      return Mono.error(new RequestTimeoutException("no answer"));
    });
    DiscoveryOptions slow = options.withBackoff(Duration.ofSeconds(10), Duration.ofSeconds(30));

    Disposable bootstrap = refresher(List.of(bootnode), slow).bootstrap(1)
        .subscribe(v -> { }, e -> { });
    time.advanceTimeBy(Duration.ofSeconds(150));
    bootstrap.dispose();

    assertThat(pingedAt).containsExactly(0L, 10L, 30L, 60L, 90L, 120L, 150L);
  }

  @Test
  void aCancelledBootstrapStops() {
    NodeInfo bootnode = TestNodes.publicNode(random);
    peers.addresses(bootnode, n -> Mono.just(fresh(2)));
    Refresher refresher = refresher(List.of(bootnode), options);

    StepVerifier.create(refresher.bootstrap(1_000))
        .then(() -> time.advanceTimeBy(Duration.ofSeconds(20)))
        .thenCancel()
        .verify(WAIT);
    int queries = peers.count("ping");
    time.advanceTimeBy(Duration.ofHours(1));

    assertThat(queries).isGreaterThan(2);
    assertThat(peers.count("ping")).isEqualTo(queries);
  }

  @Test
  void bootstrapSettlesWhenServersHaveNothingNew() {
    NodeInfo bootnode = TestNodes.publicNode(random);

    StepVerifier.create(refresher(List.of(bootnode), options).bootstrap(8))
        .then(() -> time.advanceTimeBy(Duration.ofSeconds(1)))
        .verifyComplete();

    assertThat(peers.count("get", bootnode)).isEqualTo(2);
  }

  @Test
  void roundsThatSkipRecentlyQueriedServersDoNotResetTheSettling() {
    NodeInfo bootnode = TestNodes.publicNode(random);
    DiscoveryOptions quick = options.withBackoff(Duration.ofMillis(100), Duration.ofMillis(100));

    StepVerifier.create(refresher(List.of(bootnode), quick).bootstrap(8))
        .then(() -> time.advanceTimeBy(Duration.ofMillis(400)))
        .expectNoEvent(Duration.ZERO)
        .then(() -> time.advanceTimeBy(Duration.ofMillis(100)))
        .verifyComplete();

    assertThat(peers.count("get", bootnode)).isEqualTo(2);
  }

  @Test
  void bootstrapDoesNotSettleWhileNoServerAnswers() {
    NodeInfo bootnode = TestNodes.publicNode(random);
    peers.unreachable(bootnode);

    StepVerifier.create(refresher(List.of(bootnode), options).bootstrap(1))
        .then(() -> time.advanceTimeBy(Duration.ofMinutes(10)))
        .expectNoEvent(Duration.ZERO)
        .thenCancel()
        .verify(WAIT);
  }

  @Test
  void bootstrapSucceedsWhenItsBootnodeAnswersLate() {
    NodeInfo bootnode = TestNodes.publicNode(random);
    NodeInfo learned = TestNodes.publicNode(random);
    peers.pings(bootnode, n -> n <= 3
            ? Mono.error(new RequestTimeoutException("down"))
            : Mono.just(new PingResult(bootnode.id(), self.ip(), 1, 1)))
        .addresses(bootnode, n -> Mono.just(List.of(learned)));

    StepVerifier.create(refresher(List.of(bootnode), options).bootstrap(1))
        .then(() -> time.advanceTimeBy(Duration.ofSeconds(6)))
        .verifyComplete();

    assertThat(peers.count("ping", bootnode)).isEqualTo(4);
    assertThat(book.lookup(learned.id())).contains(learned);
  }

  @Test
  void bootstrapWithNothingToAskFails() {
    StepVerifier.create(refresher().bootstrap(1))
        .expectError(BootstrapException.class)
        .verify(WAIT);
    StepVerifier.create(refresher().bootstrap(0)).verifyComplete();
  }

  @Test
  void bootstrapEndsWithTheServiceShutdown() {
    NodeInfo bootnode = TestNodes.publicNode(random);
    peers.pings(bootnode, n -> Mono.error(new ShutdownException("closed")));

    StepVerifier.create(refresher(List.of(bootnode), options).bootstrap(1))
        .expectError(ShutdownException.class)
        .verify(WAIT);
  }

  @Test
  void selectPeersRefreshesOnlyWhenTheBookNeedsAddresses() {
    NodeInfo server = known();
    peers.addresses(server, n -> Mono.just(fresh(5)));
    Refresher refresher = refresher();

    assertThat(book.needNewAddresses()).isFalse();
    assertThat(refresher.selectPeers(3).block(WAIT)).containsExactly(server);
    assertThat(peers.count("get")).isZero();

    book.good(server.id()); // one tried, none new: the book needs addresses
    assertThat(book.needNewAddresses()).isTrue();
    List<NodeInfo> selected = refresher.selectPeers(3).block(WAIT);

    assertThat(peers.count("get")).isEqualTo(1);
    assertThat(selected).hasSizeBetween(1, 3).doesNotHaveDuplicates().doesNotContain(self);
  }

  @Test
  void selectPeersWaitsForAHangingRefreshAtMostTheRoundTimeout() {
    NodeInfo server = known();
    book.good(server.id());
    peers.addresses(server, n -> Mono.never());

    StepVerifier.create(refresher().selectPeers(2))
        .then(() -> time.advanceTimeBy(options.roundTimeout().minusMillis(1)))
        .expectNoEvent(Duration.ZERO)
        .then(() -> time.advanceTimeBy(Duration.ofMillis(1)))
        .expectNext(List.of(server))
        .verifyComplete();
  }

  @Test
  void selectPeersReturnsDistinctAddresses() {
    List<NodeInfo> nodes = fresh(30);
    nodes.forEach(n -> book.add(n, self));

    List<NodeInfo> selected = refresher().selectPeers(10).block(WAIT);

    assertThat(selected).hasSizeBetween(5, 10).doesNotHaveDuplicates().isSubsetOf(nodes);
    assertThat(refresher().selectPeers(0).block(WAIT)).isEmpty();
  }
}
