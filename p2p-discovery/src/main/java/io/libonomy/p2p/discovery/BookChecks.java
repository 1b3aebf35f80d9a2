package io.libonomy.p2p.discovery;

import io.libonomy.p2p.crypto.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The address book's invariants, checked in full (as Bitcoin Core's {@code -checkaddrman}):
 * every indexed entry holds its slots and only them, the member lists match the index, and the
 * tried flag agrees with the table. Costs a pass over all slots; for tests and diagnostics.
 */
final class BookChecks {

  private final BucketHasher hasher;
  private final Map<PublicKey, KnownAddress> index;
  private final AddressTable newTable;
  private final AddressTable triedTable;
  private final List<String> errors = new ArrayList<>();

  BookChecks(BucketHasher hasher, Map<PublicKey, KnownAddress> index, AddressTable newTable,
      AddressTable triedTable) {
    this.hasher = hasher;
    this.index = index;
    this.newTable = newTable;
    this.triedTable = triedTable;
  }

  List<String> errors() {
    if (index.size() != newTable.size() + triedTable.size()) {
      errors.add("size " + index.size() + " != new " + newTable.size() + " + tried "
          + triedTable.size());
    }
    if (index.size() > DefaultAddressBook.MAX_ENTRIES) {
      errors.add("size " + index.size() + " above " + DefaultAddressBook.MAX_ENTRIES);
    }
    index.forEach(this::checkEntry);
    checkMembers(newTable, false);
    checkMembers(triedTable, true);
    checkSlots(newTable, false);
    checkSlots(triedTable, true);
    return List.copyOf(errors);
  }

  private void checkEntry(PublicKey id, KnownAddress entry) {
    if (!entry.address.id().equals(id)) {
      errors.add(id + " indexes an entry for " + entry.address.id());
    }
    if (entry.tried) {
      int bucket = hasher.triedBucket(entry.address);
      if (entry.refs != 0 || entry.triedBucket != bucket
          || triedTable.get(bucket, hasher.triedPosition(bucket, entry.address)) != entry) {
        errors.add(id + " is tried but not in its tried slot, or also in new");
      }
      return;
    }
    if (entry.refs < 1 || entry.refs > KnownAddress.MAX_NEW_REFS) {
      errors.add(id + " is in " + entry.refs + " new buckets");
    }
    for (int i = 0; i < entry.refs; i++) {
      int bucket = entry.newBuckets[i];
      if (newTable.get(bucket, hasher.newPosition(bucket, entry.address)) != entry) {
        errors.add(id + " does not hold its slot in new bucket " + bucket);
      }
    }
  }

  private void checkMembers(AddressTable table, boolean tried) {
    List<KnownAddress> members = table.members();
    for (int i = 0; i < members.size(); i++) {
      KnownAddress member = members.get(i);
      if (member.memberIndex != i || member.tried != tried
          || index.get(member.address.id()) != member) {
        errors.add((tried ? "tried" : "new") + " member " + i + " is stale: " + member.address);
      }
    }
  }

  private void checkSlots(AddressTable table, boolean tried) {
    for (int bucket = 0; bucket < table.bucketCount(); bucket++) {
      if (table.occupancy(bucket) > BucketHasher.BUCKET_SIZE) {
        errors.add("bucket " + bucket + " holds more than " + BucketHasher.BUCKET_SIZE);
      }
      for (int position = 0; position < BucketHasher.BUCKET_SIZE; position++) {
        KnownAddress slot = table.get(bucket, position);
        if (slot == null) {
          continue;
        }
        boolean owns = tried
            ? slot.tried && slot.triedBucket == bucket
            : !slot.tried && slot.inNewBucket(bucket);
        int expected = tried
            ? hasher.triedPosition(bucket, slot.address)
            : hasher.newPosition(bucket, slot.address);
        if (!owns || expected != position || index.get(slot.address.id()) != slot) {
          errors.add((tried ? "tried" : "new") + " slot " + bucket + "/" + position
              + " holds a stray entry " + slot.address);
        }
      }
    }
  }
}
