package io.libonomy.p2p.discovery;

import static io.libonomy.p2p.discovery.LoopbackNodes.LOOPBACK;
import static io.libonomy.p2p.discovery.LoopbackNodes.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.api.ShutdownException;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.discovery.LoopbackNodes.Node;
import io.libonomy.p2p.discovery.LoopbackNodes.Spec;
import io.libonomy.p2p.identity.NodeInfo;
import io.libonomy.p2p.server.MessageServer;
import io.libonomy.p2p.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The seed's discovery_test in Java on loopback sockets: bootstrap, lifecycle, peers file. */
class DiscoveryTest {

  private static final Duration BOOTSTRAP_WAIT = Duration.ofSeconds(30);

  private final LoopbackNodes network = new LoopbackNodes();
  private final SplittableRandom random = new SplittableRandom(41);

  @AfterEach
  void shutDown() {
    network.close();
  }

  private List<NodeInfo> publicNodes(int count) {
    return IntStream.range(0, count).mapToObj(i -> TestNodes.publicNode(random)).toList();
  }

  /** A real book of its own that already knows {@code known}. */
  private static Function<NodeInfo, AddressBook> bookKnowing(List<NodeInfo> known) {
    return self -> {
      AddressBook book = AddressBook.create(self.id(), Clock.systemUTC(),
          new SplittableRandom(3));
      known.forEach(node -> book.add(node, self));
      return book;
    };
  }

  private static Spec bootstrapping(Node... bootnodes) {
    List<String> urls = List.of(bootnodes).stream().map(b -> b.info().toUrl()).toList();
    return Spec.defaults().config(c -> c.withBootnodes(urls));
  }

  @Test
  void bootstrapAgainstABootnodeThatComesUpTwoSecondsLateSucceeds() throws Exception {
    KeyPair bootIdentity = KeyPair.generate();
    // holds the port (so nothing else takes it) and never answers, until the bootnode starts
    DatagramSocket placeholder = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    int bootPort = placeholder.getLocalPort();
    String url = new NodeInfo(bootIdentity.publicKey(), LOOPBACK, bootPort, bootPort).toUrl();
    assertThat(url).startsWith("libonomy://").contains("@127.0.0.1:");
    NodeInfo known = TestNodes.publicNode(random);
    Node newcomer = network.start(Spec.defaults().config(c -> c.withBootnodes(List.of(url))));
    Mono<Node> lateBootnode = Mono.delay(Duration.ofSeconds(2))
        .publishOn(Schedulers.boundedElastic())
        .map(tick -> {
          placeholder.close();
          return network.start(Spec.defaults().at(bootIdentity, bootPort)
              .book(bookKnowing(List.of(known))));
        });
    long started = System.nanoTime();

    StepVerifier.create(Mono.when(lateBootnode, newcomer.discovery().bootstrap(1)))
        .verifyComplete();
    placeholder.close();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(2));
    assertThat(newcomer.book().lookup(known.id())).contains(known);
    assertThat(newcomer.book().lookup(bootIdentity.publicKey())).isPresent();
  }

  @Test
  void bootstrapTenSucceedsWhenQueriesYieldNewNodes() {
    Node bootnode = network.start(Spec.defaults().book(bookKnowing(publicNodes(60))));
    Node newcomer = network.start(bootstrapping(bootnode));

    StepVerifier.create(newcomer.discovery().bootstrap(10)).expectComplete().verify(WAIT);

    assertThat(newcomer.book().size()).isGreaterThanOrEqualTo(11);
    assertThat(newcomer.count(DiscoveryMeters.ADDRESSES_LEARNED, DiscoveryMeters.TAG_VIA,
        "exchange")).isGreaterThanOrEqualTo(10);
  }

  @Test
  void aTinyNetworkBootstrapSettlesAndTheBootnodeLearnsTheNewcomer() {
    Node bootnode = network.start();
    Node newcomer = network.start(bootstrapping(bootnode));

    StepVerifier.create(newcomer.discovery().bootstrap(5)).expectComplete().verify(WAIT);

    assertThat(bootnode.book().lookup(newcomer.identity().publicKey()))
        .contains(newcomer.info());
    assertThat(newcomer.book().lookup(bootnode.identity().publicKey()))
        .as("the bootnode is kept").contains(bootnode.info());
    assertThat(newcomer.count(DiscoveryMeters.ROUNDS, DiscoveryMeters.TAG_RESULT,
        "nothing_new")).isEqualTo(2);
  }

  @Test
  void newcomersLearnEachOtherThroughTheBootnode() {
    Node bootnode = network.start();
    Node first = network.start(bootstrapping(bootnode));
    first.discovery().bootstrap(1).block(BOOTSTRAP_WAIT);
    Node second = network.start(bootstrapping(bootnode));

    StepVerifier.create(second.discovery().bootstrap(1)).expectComplete().verify(WAIT);

    assertThat(second.book().lookup(first.identity().publicKey())).contains(first.info());
    assertThat(second.discovery().observedAddress()).contains(second.udpAddress());
  }

  @Test
  void bootstrapWithoutBootnodesOrAddressesFails() {
    Node lonely = network.start();

    StepVerifier.create(lonely.discovery().bootstrap(3))
        .expectError(BootstrapException.class)
        .verify(WAIT);
  }

  @Test
  void selectPeersNeverReturnsThisNode() {
    Node bootnode = network.start(Spec.defaults().book(bookKnowing(publicNodes(20))));
    Node newcomer = network.start(bootstrapping(bootnode));
    newcomer.discovery().bootstrap(3).block(BOOTSTRAP_WAIT);

    List<NodeInfo> peers = newcomer.discovery().selectPeers(8).block(WAIT);

    assertThat(peers).isNotEmpty().hasSizeLessThanOrEqualTo(8).doesNotHaveDuplicates()
        .noneMatch(p -> p.id().equals(newcomer.identity().publicKey()));
  }

  @Test
  void requestsBeforeStartFailAndAfterShutdownFailWithShutdown() {
    Node other = network.start();
    Node node = network.start(Spec.defaults().notStarted());

    StepVerifier.create(node.discovery().ping(other.info()))
        .expectError(IllegalStateException.class)
        .verify(WAIT);

    node.discovery().start().block(WAIT);
    node.discovery().shutdown().block(WAIT);

    StepVerifier.create(node.discovery().ping(other.info()))
        .expectError(ShutdownException.class)
        .verify(WAIT);
    StepVerifier.create(node.discovery().getAddresses(other.info()))
        .expectError(ShutdownException.class)
        .verify(WAIT);
    StepVerifier.create(node.discovery().start())
        .verifyComplete(); // the first start's outcome, shared
  }

  @Test
  void startAndShutdownAreIdempotentAndReleaseTheProtocol() {
    Node node = network.start();

    StepVerifier.create(node.discovery().start()).verifyComplete();
    StepVerifier.create(node.discovery().observedAddresses())
        .then(() -> node.discovery().shutdown().subscribe(v -> { }, e -> { }))
        .expectComplete()
        .verify(WAIT);
    StepVerifier.create(node.discovery().shutdown()).verifyComplete();

    MessageServer successor = MessageServer.on(node.mux(), DiscoveryProtocol.PROTOCOL,
        Duration.ofSeconds(1), new SimpleMeterRegistry());
    successor.close().block(WAIT);
  }

  @Test
  void startAfterShutdownFails() {
    Node node = network.start(Spec.defaults().notStarted());
    node.discovery().shutdown().block(WAIT);

    StepVerifier.create(node.discovery().start())
        .expectError(ShutdownException.class)
        .verify(WAIT);
  }

  @Test
  void shutdownSavesThePeersFileAndItLoadsBack(@TempDir Path dir) {
    Path file = dir.resolve("p2p").resolve("peers.json");
    List<NodeInfo> known = publicNodes(5);
    Node node = network.start(Spec.defaults().peersFile(file).book(bookKnowing(known)));

    node.discovery().shutdown().block(WAIT);

    assertThat(file).exists();
    AddressBook loaded = Discovery.loadAddressBook(file, node.identity().publicKey(),
        Clock.systemUTC(), new SplittableRandom(1)).block(WAIT);
    for (NodeInfo address : known) {
      assertThat(loaded.lookup(address.id())).contains(address);
    }
    assertThat(node.count(DiscoveryMeters.SAVES, DiscoveryMeters.TAG_RESULT, "ok"))
        .isEqualTo(1);
  }

  @Test
  void thePeersFileIsSavedEveryTenMinutes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("peers.json");
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    Node node = network.start(Spec.defaults().peersFile(file)
        .options(o -> o.withTimer(time))
        .book(bookKnowing(publicNodes(3))));

    time.advanceTimeBy(Duration.ofMinutes(10).minusSeconds(1));
    assertThat(file).doesNotExist();
    time.advanceTimeBy(Duration.ofSeconds(1));

    Await.until(() -> Files.exists(file), WAIT, "the periodic save");
    Await.until(() -> node.count(DiscoveryMeters.SAVES, DiscoveryMeters.TAG_RESULT, "ok") == 1,
        WAIT, "the save counted");
    time.dispose();
  }
}
