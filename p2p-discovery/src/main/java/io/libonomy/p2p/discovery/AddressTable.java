package io.libonomy.p2p.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * One table of the book (new or tried): fixed buckets of {@link BucketHasher#BUCKET_SIZE} slots,
 * a slot holding at most one entry, plus the list of the table's members for uniform sampling
 * (Bitcoin Core's {@code vRandom}). A bucket's slots are allocated when it is first used, so an
 * almost empty book (one per node in a simulator) stays small. Not thread-safe.
 */
final class AddressTable {

  private final @Nullable KnownAddress[][] buckets;
  private final List<KnownAddress> members = new ArrayList<>();

  AddressTable(int bucketCount) {
    this.buckets = new KnownAddress[bucketCount][];
  }

  int bucketCount() {
    return buckets.length;
  }

  @Nullable KnownAddress get(int bucket, int position) {
    KnownAddress[] slots = buckets[bucket];
    return slots == null ? null : slots[position];
  }

  void set(int bucket, int position, @Nullable KnownAddress entry) {
    KnownAddress[] slots = buckets[bucket];
    if (slots == null) {
      if (entry == null) {
        return;
      }
      slots = new KnownAddress[BucketHasher.BUCKET_SIZE];
      buckets[bucket] = slots;
    }
    slots[position] = entry;
  }

  /** Entries in {@code bucket}, for checks and tests. */
  int occupancy(int bucket) {
    KnownAddress[] slots = buckets[bucket];
    int count = 0;
    if (slots != null) {
      for (KnownAddress slot : slots) {
        if (slot != null) {
          count++;
        }
      }
    }
    return count;
  }

  int size() {
    return members.size();
  }

  void addMember(KnownAddress entry) {
    entry.memberIndex = members.size();
    members.add(entry);
  }

  void removeMember(KnownAddress entry) {
    int index = entry.memberIndex;
    KnownAddress last = members.remove(members.size() - 1);
    if (last != entry) {
      members.set(index, last);
      last.memberIndex = index;
    }
    entry.memberIndex = -1;
  }

  KnownAddress randomMember(RandomGenerator random) {
    return members.get(random.nextInt(members.size()));
  }

  List<KnownAddress> members() {
    return members;
  }
}
