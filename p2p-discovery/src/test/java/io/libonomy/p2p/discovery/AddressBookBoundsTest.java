package io.libonomy.p2p.discovery;

import static io.libonomy.p2p.discovery.TestNodes.key;
import static io.libonomy.p2p.discovery.TestNodes.nodeIn16;
import static io.libonomy.p2p.discovery.TestNodes.publicNode;
import static org.assertj.core.api.Assertions.assertThat;

import io.libonomy.p2p.identity.NodeInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What one source group or one address group can take of the book: a source group reaches 64
 * new buckets of 64 slots, an (address group, source group) pair one bucket, an address group 8
 * tried buckets.
 */
class AddressBookBoundsTest {

  private static final int SLOTS = BucketHasher.BUCKET_SIZE;

  private final SplittableRandom random = new SplittableRandom(2024);
  private final DefaultAddressBook book =
      new DefaultAddressBook(key(random), TestNodes.clock(), new SplittableRandom(99));

  private Set<Integer> newBuckets() {
    Set<Integer> buckets = new HashSet<>();
    book.snapshot().entries().stream().filter(e -> !e.tried())
        .forEach(e -> buckets.addAll(e.buckets()));
    return buckets;
  }

  private Set<Integer> triedBuckets() {
    Set<Integer> buckets = new HashSet<>();
    book.snapshot().entries().stream().filter(BookSnapshot.Entry::tried)
        .forEach(e -> buckets.addAll(e.buckets()));
    return buckets;
  }

  @Test
  void anAttackerInOneSourceGroupTakesAtMost64NewBuckets() {
    // sources anywhere in 6.6.0.0/16: one source group
    for (int i = 0; i < 10_000; i++) {
      book.add(publicNode(random), nodeIn16(random, 6, 6));
    }

    assertThat(newBuckets()).hasSizeLessThanOrEqualTo(BucketHasher.NEW_BUCKETS_PER_SOURCE_GROUP);
    assertThat(book.size()).isLessThanOrEqualTo(BucketHasher.NEW_BUCKETS_PER_SOURCE_GROUP * SLOTS)
        .isGreaterThan(2000);
    assertThat(book.consistencyErrors()).isEmpty();
  }

  @Test
  void oneAddressGroupFromOneSourceGroupTakesOneBucket() {
    for (int i = 0; i < 10_000; i++) {
      book.add(nodeIn16(random, 5, 6), nodeIn16(random, 7, 7));
    }

    assertThat(newBuckets()).hasSize(1);
    assertThat(book.size()).isLessThanOrEqualTo(SLOTS);
  }

  @Test
  void oneAddressGroupViaTenSourceGroupsTakesAtMostTenBuckets() {
    List<NodeInfo> sources = new ArrayList<>();
    for (int group = 0; group < 10; group++) {
      sources.add(nodeIn16(random, 20 + group, group));
    }
    for (int i = 0; i < 10_000; i++) {
      book.add(nodeIn16(random, 5, 6), sources.get(i % sources.size()));
    }

    assertThat(newBuckets()).hasSizeLessThanOrEqualTo(10);
    assertThat(book.size()).isLessThanOrEqualTo(10 * SLOTS).isGreaterThan(5 * SLOTS);
    assertThat(book.consistencyErrors()).isEmpty();
  }

  @Test
  void oneAddressGroupTakesAtMostEightTriedBuckets() {
    List<NodeInfo> group = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      NodeInfo address = nodeIn16(random, 5, 6);
      // a distinct source group per address: the new table does not limit this group
      if (book.add(address, publicNode(random))) {
        group.add(address);
      }
    }
    group.forEach(a -> book.good(a.id()));

    assertThat(group).hasSizeGreaterThan(9000);
    assertThat(triedBuckets()).hasSizeLessThanOrEqualTo(BucketHasher.TRIED_BUCKETS_PER_GROUP);
    assertThat(book.triedCount())
        .isLessThanOrEqualTo(BucketHasher.TRIED_BUCKETS_PER_GROUP * SLOTS)
        .isGreaterThan(BucketHasher.TRIED_BUCKETS_PER_GROUP * SLOTS / 2);
    assertThat(book.collisionCount()).isEqualTo(DefaultAddressBook.MAX_COLLISIONS);
    assertThat(book.consistencyErrors()).isEmpty();
  }

  @Test
  void idsClaimingOneIpAndPortShareOneSlot() {
    NodeInfo template = publicNode(random);
    NodeInfo source = publicNode(random);
    for (int i = 0; i < 1000; i++) {
      book.add(new NodeInfo(key(random), template.ip(), template.tcpPort(), template.udpPort()),
          source);
    }

    assertThat(book.size()).isEqualTo(1);
  }

  @Test
  void theBookNeverHoldsMoreThanItsSlots() {
    for (int i = 0; i < 120_000; i++) {
      NodeInfo address = publicNode(random);
      book.add(address, publicNode(random));
      if (i % 3 == 0) {
        book.good(address.id());
      }
    }

    assertThat(book.size()).isLessThanOrEqualTo(DefaultAddressBook.MAX_ENTRIES);
    assertThat(book.newCount()).isLessThanOrEqualTo(BucketHasher.NEW_BUCKET_COUNT * SLOTS);
    assertThat(book.triedCount()).isLessThanOrEqualTo(BucketHasher.TRIED_BUCKET_COUNT * SLOTS);
    assertThat(book.addressCache()).hasSize(DefaultAddressBook.GET_ADDR_MAX);
    assertThat(book.consistencyErrors()).isEmpty();
  }
}
