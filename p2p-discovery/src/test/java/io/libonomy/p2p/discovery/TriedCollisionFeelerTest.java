package io.libonomy.p2p.discovery;

import static io.libonomy.p2p.discovery.LoopbackNodes.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.discovery.LoopbackNodes.Node;
import io.libonomy.p2p.discovery.LoopbackNodes.Spec;
import io.libonomy.p2p.identity.NodeInfo;
import io.libonomy.p2p.metrics.MeterNames;
import io.libonomy.p2p.testing.Await;
import io.libonomy.p2p.testing.MutableClock;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Test-before-evict over the network: every refresh tick a running discovery settles its
 * tried-table collisions and pings one incumbent a newcomer waits to replace, so that a live
 * incumbent keeps its slot and a dead one gives it up.
 */
class TriedCollisionFeelerTest {

  private static final Duration TICK = DiscoveryOptions.defaults().refreshInterval();

  private final LoopbackNodes network = new LoopbackNodes();
  private final SplittableRandom random = new SplittableRandom(23);
  private final MutableClock bookClock = new MutableClock(Instant.now());
  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private final AtomicReference<NodeInfo> newcomer = new AtomicReference<>();

  private DatagramSocket silentSocket;

  @AfterEach
  void tearDown() {
    network.close();
    time.dispose();
    if (silentSocket != null) {
      silentSocket.close();
    }
  }

  /**
   * A node whose book holds {@code incumbent} in the tried table, last successful five hours
   * ago (too long to be kept without a test, not long enough to be bad), and a newcomer that
   * just succeeded and wants the same tried slot.
   */
  private Node nodeWithACollisionOver(NodeInfo incumbent) {
    return nodeWithACollisionOver(incumbent, UnaryOperator.identity());
  }

  private Node nodeWithACollisionOver(NodeInfo incumbent, UnaryOperator<DiscoveryOptions> more) {
    Node node = network.start(Spec.defaults()
        .options(o -> more.apply(o.withTimer(time)))
        .book(self -> {
          DefaultAddressBook book = new DefaultAddressBook(self.id(), bookClock,
              new SplittableRandom(3));
          assertThat(book.add(incumbent, self)).isTrue();
          book.good(incumbent.id());
          bookClock.advance(Duration.ofHours(5));
          NodeInfo rival = collidingWith(book, incumbent);
          assertThat(book.add(rival, self)).isTrue();
          book.good(rival.id());
          assertThat(book.collisionCount()).isEqualTo(1);
          newcomer.set(rival);
          return book;
        }));
    assertThat(tried(node, incumbent)).isTrue();
    assertThat(tried(node, newcomer.get())).isFalse();
    return node;
  }

  /**
   * A loopback address (anywhere in 127.0.0.0/8, never contacted) of a fresh key whose tried
   * slot is {@code incumbent}'s. One slot in 16,384, so ~16,000 draws; the address space is
   * large enough that every slot is reachable.
   */
  private NodeInfo collidingWith(DefaultAddressBook book, NodeInfo incumbent) {
    BucketHasher hasher = book.hasher();
    int bucket = hasher.triedBucket(incumbent);
    int position = hasher.triedPosition(bucket, incumbent);
    for (int draw = 0; draw < 2_000_000; draw++) {
      InetAddress ip = TestNodes.ip(127, random.nextInt(256), random.nextInt(256),
          1 + random.nextInt(254));
      NodeInfo candidate = TestNodes.node(random, ip, 1024 + random.nextInt(60_000));
      int candidateBucket = hasher.triedBucket(candidate);
      if (!candidate.equals(incumbent) && candidateBucket == bucket
          && hasher.triedPosition(candidateBucket, candidate) == position) {
        return candidate;
      }
    }
    throw new AssertionError("no address for tried slot " + bucket + "/" + position);
  }

  private static boolean tried(Node node, NodeInfo address) {
    return ((DefaultAddressBook) node.book()).snapshot().entries().stream()
        .anyMatch(e -> e.address().equals(address) && e.tried());
  }

  private static long lastSuccess(Node node, NodeInfo address) {
    return ((DefaultAddressBook) node.book()).snapshot().entries().stream()
        .filter(e -> e.address().equals(address))
        .mapToLong(BookSnapshot.Entry::lastSuccess)
        .findFirst().orElse(-1);
  }

  @Test
  void anIncumbentThatAnswersThePingKeepsItsSlot() {
    Node incumbent = network.start();
    Node node = nodeWithACollisionOver(incumbent.info());
    long before = lastSuccess(node, incumbent.info());

    time.advanceTimeBy(TICK); // settles nothing yet, pings the incumbent
    Await.until(() -> lastSuccess(node, incumbent.info()) > before, WAIT,
        "the incumbent's answer recorded as a success");
    bookClock.advance(Duration.ofMinutes(1));
    time.advanceTimeBy(TICK); // settles: a success within 4 hours keeps the incumbent

    DefaultAddressBook book = (DefaultAddressBook) node.book();
    assertThat(book.collisionCount()).isZero();
    assertThat(tried(node, incumbent.info())).isTrue();
    assertThat(tried(node, newcomer.get())).isFalse();
    assertThat(book.lookup(newcomer.get().id())).contains(newcomer.get());
    assertThat(book.consistencyErrors()).isEmpty();
  }

  /** A bound socket that never answers: a ping to it goes out and times out. */
  private NodeInfo silentIncumbent() throws Exception {
    silentSocket = new DatagramSocket(0, LoopbackNodes.LOOPBACK);
    int port = silentSocket.getLocalPort();
    return new NodeInfo(KeyPair.generate().publicKey(), LoopbackNodes.LOOPBACK, port, port);
  }

  @Test
  void anIncumbentThatDoesNotAnswerLosesItsSlotToTheNewcomer() throws Exception {
    NodeInfo incumbent = silentIncumbent();
    Node node = nodeWithACollisionOver(incumbent);
    DefaultAddressBook book = (DefaultAddressBook) node.book();

    time.advanceTimeBy(TICK); // pings the incumbent: an attempt is recorded
    // the ping is sealed off this thread (X25519 for a new key): wait until it went out, then
    // let its deadline pass on the virtual clock
    Await.until(() -> node.count(MeterNames.UDP_DATAGRAMS, MeterNames.TAG_DIRECTION, "out") >= 1,
        WAIT, "the ping sent");
    time.advanceTimeBy(Duration.ofSeconds(6)); // past the ping's 5 s lifetime
    assertThat(node.count(MeterNames.REQUESTS, MeterNames.TAG_RESULT, "timeout"))
        .isEqualTo(1);
    assertThat(book.collisionCount()).isEqualTo(1);
    bookClock.advance(Duration.ofMinutes(1).plusSeconds(1));
    time.advanceTimeBy(TICK); // settles: the attempt failed more than a minute ago

    assertThat(book.collisionCount()).isZero();
    assertThat(tried(node, newcomer.get())).isTrue();
    assertThat(tried(node, incumbent)).isFalse();
    assertThat(book.lookup(incumbent.id())).as("evicted back to the new table")
        .contains(incumbent);
    assertThat(book.consistencyErrors()).isEmpty();
  }

  @Test
  void collisionsSettleOnEveryTickEvenWhileThePreviousTicksPingIsStillPending()
      throws Exception {
    NodeInfo incumbent = silentIncumbent();
    Duration tick = Duration.ofSeconds(1); // shorter than the ping's 5 s lifetime
    Node node = nodeWithACollisionOver(incumbent, o -> o.withRefreshInterval(tick));
    DefaultAddressBook book = (DefaultAddressBook) node.book();

    time.advanceTimeBy(tick); // pings the incumbent: an attempt is recorded
    Await.until(() -> node.count(MeterNames.UDP_DATAGRAMS, MeterNames.TAG_DIRECTION, "out") >= 1,
        WAIT, "the ping sent");
    bookClock.advance(Duration.ofMinutes(1).plusSeconds(1));
    time.advanceTimeBy(tick); // the ping is still unanswered, yet this tick settles

    assertThat(node.count(MeterNames.REQUESTS, MeterNames.TAG_RESULT, "timeout"))
        .as("the first tick's ping still pending").isZero();
    assertThat(book.collisionCount()).isZero();
    assertThat(tried(node, newcomer.get())).isTrue();
    assertThat(tried(node, incumbent)).isFalse();
    assertThat(book.consistencyErrors()).isEmpty();
  }
}
