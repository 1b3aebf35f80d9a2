package io.libonomy.p2p.discovery;

import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.identity.NodeInfo;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Bitcoin Core's address manager ({@code addrman}) keyed by node id, with the seed's selection
 * and badness rules (seed reference §12).
 *
 * <p><b>Layout.</b> 1,024 new and 256 tried buckets of 64 slots; bucket and slot come from
 * {@link BucketHasher} with a random 32-byte key, so they cannot be predicted from outside. A
 * slot holds one entry and every entry holds at least one slot, so the book never exceeds
 * 81,920 entries, one source group never fills more than 64 × 64 new slots and one address group
 * never more than 8 × 64 tried slots. A new entry whose slot is taken replaces the occupant only
 * if the occupant {@link KnownAddress#isBad is bad} or is also referenced elsewhere; otherwise it
 * is not stored. An address heard again from another source may take another new bucket (up to
 * 8, each further one half as likely, as Bitcoin Core). An address heard again with a different
 * IP or ports under a known id is ignored: the first address stays until the entry is removed.
 *
 * <p><b>Grouping.</b> Routable addresses are grouped by /16 (IPv4) or /32 (IPv6); an unroutable
 * one (loopback, private...) is its own group {@code local:<ip>:<port>}, so a whole network on
 * 127.0.0.1 spreads over all buckets (see {@link NetworkGroups}, {@link BucketHasher}).
 *
 * <p><b>Tried and test-before-evict.</b> Only {@link #good} moves an entry to tried. When its
 * tried slot holds another entry, the newcomer stays in new and is recorded in a collision set
 * of at most 10; {@link #resolveCollisions()} later keeps an incumbent that succeeded within 4
 * hours and evicts one that is bad, failed its last attempt (more than a minute ago, within 4
 * hours) or stayed untested for 40 minutes. {@link #selectTriedCollision()} names an incumbent
 * to test. An evicted incumbent goes back to the new table (replacing its slot's occupant).
 *
 * <p><b>Refused.</b> This node's key; low-order keys; unspecified, multicast or broadcast IPs;
 * port 0; an unroutable address from a routable source. (IPv4-mapped IPv6 cannot reach the book:
 * {@link NodeInfo} turns it into IPv4; the wire decoder rejects that form.)
 *
 * <p>Thread-safe by one lock; no method blocks or does I/O. Time comes from the clock,
 * randomness from the generator given at construction.
 */
final class DefaultAddressBook implements AddressBook {

  static final int MAX_ENTRIES = BucketHasher.BUCKET_SIZE
      * (BucketHasher.NEW_BUCKET_COUNT + BucketHasher.TRIED_BUCKET_COUNT);
  static final int GET_ADDR_MAX = 300;
  static final int GET_ADDR_PERCENT = 23;
  /**
   * Fewer than this many are never a quarter: a small book shares all it has up to this many
   * (the seed's 23 % of a 10-address book is 2, which starves a young network's discovery).
   */
  static final int GET_ADDR_MIN = 32;
  static final int NEED_ADDRESS_THRESHOLD = 500;
  static final int MAX_COLLISIONS = TriedCollisions.MAX_SIZE;
  private static final double SELECTION_FACTOR_STEP = 1.2;

  private final PublicKey localKey;
  private final Clock clock;
  private final RandomGenerator random;
  private final BucketHasher hasher;
  private final Map<PublicKey, KnownAddress> index = new HashMap<>();
  private final AddressTable newTable = new AddressTable(BucketHasher.NEW_BUCKET_COUNT);
  private final AddressTable triedTable = new AddressTable(BucketHasher.TRIED_BUCKET_COUNT);
  private final TriedCollisions collisions = new TriedCollisions();
  /** Keys marked bad, with the time (millis) they may be stored again; oldest first, bounded. */
  private final Map<PublicKey, Long> bad = new java.util.LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<PublicKey, Long> eldest) {
      return size() > MAX_BAD;
    }
  };

  /** Keys remembered as bad at most; past that the oldest mark is forgotten. */
  static final int MAX_BAD = 1_024;

  DefaultAddressBook(PublicKey localKey, Clock clock, RandomGenerator random) {
    this(localKey, clock, random, randomKey(Objects.requireNonNull(random, "random")));
  }

  DefaultAddressBook(PublicKey localKey, Clock clock, RandomGenerator random, byte[] key) {
    this.localKey = Objects.requireNonNull(localKey, "localKey");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.hasher = new BucketHasher(Objects.requireNonNull(key, "key"));
  }

  @Override
  public synchronized boolean add(NodeInfo address, NodeInfo source) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(source, "source");
    if (!acceptable(address, source)) {
      return false;
    }
    long now = clock.millis();
    if (markedBad(address.id(), now)) {
      return false;
    }
    KnownAddress known = index.get(address.id());
    if (known != null) {
      if (known.address.equals(address)) {
        known.lastSeen = now;
        maybeAddReference(known, source);
      }
      return false;
    }
    KnownAddress entry = new KnownAddress(address, source, now);
    if (!insertNew(entry, hasher.newBucket(address, source), now)) {
      return false;
    }
    index.put(address.id(), entry);
    return true;
  }

  @Override
  public int addAll(List<NodeInfo> addresses, NodeInfo source) {
    Objects.requireNonNull(addresses, "addresses");
    int added = 0;
    for (NodeInfo address : addresses) {
      if (add(address, source)) {
        added++;
      }
    }
    return added;
  }

  @Override
  public synchronized void attempt(PublicKey key) {
    KnownAddress entry = index.get(Objects.requireNonNull(key, "key"));
    if (entry != null) {
      entry.attempts++;
      entry.lastAttempt = clock.millis();
    }
  }

  @Override
  public synchronized void good(PublicKey key) {
    KnownAddress entry = index.get(Objects.requireNonNull(key, "key"));
    if (entry == null) {
      return;
    }
    long now = clock.millis();
    entry.lastSuccess = now;
    entry.lastAttempt = now;
    entry.lastSeen = now;
    entry.attempts = 0;
    if (entry.tried) {
      return;
    }
    int bucket = hasher.triedBucket(entry.address);
    KnownAddress incumbent = triedTable.get(bucket, hasher.triedPosition(bucket, entry.address));
    if (incumbent == null) {
      makeTried(entry);
    } else {
      collisions.record(entry.address.id(), now);
    }
  }

  @Override
  public synchronized Optional<NodeInfo> getAddress() {
    if (index.isEmpty()) {
      return Optional.empty();
    }
    boolean useTried =
        triedTable.size() > 0 && (newTable.size() == 0 || random.nextBoolean());
    AddressTable table = useTried ? triedTable : newTable;
    long now = clock.millis();
    double factor = 1.0;
    while (true) {
      KnownAddress entry = table.randomMember(random);
      // terminates: the factor grows until factor * chance exceeds 1 (chance >= 0.01 * 0.66^8)
      if (random.nextDouble() < factor * entry.chance(now)) {
        return Optional.of(entry.address);
      }
      factor *= SELECTION_FACTOR_STEP;
    }
  }

  @Override
  public synchronized List<NodeInfo> addressCache() {
    long now = clock.millis();
    // as Bitcoin Core's GetAddr: addresses that look dead are not passed on
    List<KnownAddress> all = new ArrayList<>(index.size());
    for (KnownAddress entry : index.values()) {
      if (!entry.isBad(now)) {
        all.add(entry);
      }
    }
    int count = Math.min(Math.max(all.size() * GET_ADDR_PERCENT / 100,
        Math.min(GET_ADDR_MIN, all.size())), GET_ADDR_MAX);
    List<NodeInfo> sample = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int j = i + random.nextInt(all.size() - i);
      KnownAddress chosen = all.get(j);
      all.set(j, all.get(i));
      sample.add(chosen.address);
    }
    return sample;
  }

  @Override
  public synchronized boolean needNewAddresses() {
    return newTable.size() < triedTable.size() && newTable.size() < NEED_ADDRESS_THRESHOLD;
  }

  @Override
  public synchronized Optional<NodeInfo> lookup(PublicKey key) {
    KnownAddress entry = index.get(Objects.requireNonNull(key, "key"));
    return entry == null ? Optional.empty() : Optional.of(entry.address);
  }

  @Override
  public synchronized void remove(PublicKey key) {
    KnownAddress entry = index.get(Objects.requireNonNull(key, "key"));
    if (entry != null) {
      delete(entry);
    }
  }

  @Override
  public synchronized void markBad(PublicKey key, java.time.Duration duration) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(duration, "duration");
    remove(key);
    bad.remove(key);
    bad.put(key, clock.millis() + duration.toMillis());
  }

  private boolean markedBad(PublicKey key, long now) {
    Long until = bad.get(key);
    if (until == null) {
      return false;
    }
    if (now >= until) {
      bad.remove(key);
      return false;
    }
    return true;
  }

  @Override
  public synchronized int size() {
    return index.size();
  }

  @Override
  public synchronized void resolveCollisions() {
    long now = clock.millis();
    // a copy: promoting one newcomer may delete others (their new slot taken by an evictee)
    for (PublicKey id : collisions.ids()) {
      Long collidedAt = collisions.collidedAt(id);
      KnownAddress newcomer = index.get(id);
      if (collidedAt == null || newcomer == null || newcomer.tried) {
        collisions.remove(id);
        continue;
      }
      KnownAddress incumbent = triedIncumbent(newcomer);
      TriedCollisions.Verdict verdict = incumbent == null
          ? TriedCollisions.Verdict.PROMOTE : TriedCollisions.judge(incumbent, collidedAt, now);
      if (verdict != TriedCollisions.Verdict.WAIT) {
        collisions.remove(id);
      }
      if (verdict == TriedCollisions.Verdict.PROMOTE) {
        makeTried(newcomer);
      }
    }
  }

  @Override
  public synchronized Optional<NodeInfo> selectTriedCollision() {
    PublicKey waiting = collisions.random(random);
    KnownAddress newcomer = waiting == null ? null : index.get(waiting);
    KnownAddress incumbent = newcomer == null ? null : triedIncumbent(newcomer);
    return incumbent == null ? Optional.empty() : Optional.of(incumbent.address);
  }

  /** Entries in the new table. */
  synchronized int newCount() {
    return newTable.size();
  }

  /** Entries in the tried table. */
  synchronized int triedCount() {
    return triedTable.size();
  }

  /** Newcomers waiting in the collision set. */
  synchronized int collisionCount() {
    return collisions.size();
  }

  BucketHasher hasher() {
    return hasher;
  }

  /** A copy of the whole state, for the peers file. */
  synchronized BookSnapshot snapshot() {
    List<BookSnapshot.Entry> entries = new ArrayList<>(index.size());
    for (KnownAddress e : index.values()) {
      entries.add(BookSnapshot.Entry.of(e));
    }
    return new BookSnapshot(hasher.key(), entries);
  }

  /**
   * Re-adds a saved entry with its history. Buckets are recomputed with this book's key (the
   * saved bucket lists are not trusted): a tried entry takes its tried slot if free, else it
   * goes to new like any other. Returns whether it was stored.
   */
  synchronized boolean restore(BookSnapshot.Entry saved) {
    NodeInfo address = saved.address();
    if (!acceptable(address, saved.source()) || index.containsKey(address.id())) {
      return false;
    }
    KnownAddress entry = new KnownAddress(address, saved.source(), saved.lastSeen());
    entry.attempts = Math.max(0, saved.attempts());
    entry.lastAttempt = saved.lastAttempt();
    entry.lastSuccess = saved.lastSuccess();
    int bucket = hasher.triedBucket(address);
    int position = hasher.triedPosition(bucket, address);
    if (saved.tried() && triedTable.get(bucket, position) == null) {
      placeTried(entry, bucket, position);
    } else if (!insertNew(entry, hasher.newBucket(address, saved.source()), clock.millis())) {
      return false;
    }
    index.put(address.id(), entry);
    return true;
  }

  /** Violations of the book's invariants; empty when consistent. */
  synchronized List<String> consistencyErrors() {
    return new BookChecks(hasher, index, newTable, triedTable).errors();
  }

  private boolean acceptable(NodeInfo address, NodeInfo source) {
    return !address.id().equals(localKey)
        && address.tcpPort() != 0
        && address.udpPort() != 0
        && NetworkGroups.isValid(address.ip())
        && !LowOrderKeys.isLowOrder(address.id())
        && (NetworkGroups.isRoutable(address.ip()) || !NetworkGroups.isRoutable(source.ip()));
  }

  private void maybeAddReference(KnownAddress known, NodeInfo source) {
    if (known.tried || known.refs == KnownAddress.MAX_NEW_REFS) {
      return;
    }
    int bucket = hasher.newBucket(known.address, source);
    if (known.inNewBucket(bucket) || random.nextInt(1 << known.refs) != 0) {
      return;
    }
    insertNew(known, bucket, clock.millis());
  }

  /** Bitcoin Core's rule: a taken slot is overwritten only if its occupant is bad or spare. */
  private boolean insertNew(KnownAddress entry, int bucket, long now) {
    int position = hasher.newPosition(bucket, entry.address);
    KnownAddress occupant = newTable.get(bucket, position);
    if (occupant != null) {
      boolean spare = occupant.refs > 1 && entry.refs == 0;
      if (!occupant.isBad(now) && !spare) {
        return false;
      }
      clearNew(bucket, position);
    }
    newTable.set(bucket, position, entry);
    if (entry.refs == 0) {
      newTable.addMember(entry);
    }
    entry.addNewRef(bucket);
    return true;
  }

  /** Empties a new slot; its occupant loses that reference and is deleted at zero. */
  private void clearNew(int bucket, int position) {
    KnownAddress occupant = newTable.get(bucket, position);
    if (occupant == null) {
      return;
    }
    newTable.set(bucket, position, null);
    occupant.removeNewRef(bucket);
    if (occupant.refs == 0) {
      newTable.removeMember(occupant);
      index.remove(occupant.address.id());
      collisions.remove(occupant.address.id());
    }
  }

  private @Nullable KnownAddress triedIncumbent(KnownAddress newcomer) {
    int bucket = hasher.triedBucket(newcomer.address);
    return triedTable.get(bucket, hasher.triedPosition(bucket, newcomer.address));
  }

  /** Moves a new entry to its tried slot, sending the slot's incumbent back to new. */
  private void makeTried(KnownAddress entry) {
    removeFromNew(entry);
    int bucket = hasher.triedBucket(entry.address);
    int position = hasher.triedPosition(bucket, entry.address);
    KnownAddress evicted = triedTable.get(bucket, position);
    if (evicted != null) {
      triedTable.set(bucket, position, null);
      triedTable.removeMember(evicted);
      evicted.tried = false;
      evicted.triedBucket = -1;
      int newBucket = hasher.newBucket(evicted.address, evicted.source);
      clearNew(newBucket, hasher.newPosition(newBucket, evicted.address));
      newTable.set(newBucket, hasher.newPosition(newBucket, evicted.address), evicted);
      newTable.addMember(evicted);
      evicted.addNewRef(newBucket);
    }
    placeTried(entry, bucket, position);
    collisions.remove(entry.address.id());
  }

  private void placeTried(KnownAddress entry, int bucket, int position) {
    triedTable.set(bucket, position, entry);
    triedTable.addMember(entry);
    entry.tried = true;
    entry.triedBucket = bucket;
  }

  private void delete(KnownAddress entry) {
    if (entry.tried) {
      triedTable.set(entry.triedBucket,
          hasher.triedPosition(entry.triedBucket, entry.address), null);
      triedTable.removeMember(entry);
    } else {
      removeFromNew(entry);
    }
    index.remove(entry.address.id());
    collisions.remove(entry.address.id());
  }

  private void removeFromNew(KnownAddress entry) {
    for (int i = 0; i < entry.refs; i++) {
      int bucket = entry.newBuckets[i];
      newTable.set(bucket, hasher.newPosition(bucket, entry.address), null);
    }
    entry.refs = 0;
    newTable.removeMember(entry);
  }

  private static byte[] randomKey(RandomGenerator random) {
    byte[] key = new byte[BucketHasher.KEY_LENGTH];
    random.nextBytes(key);
    return key;
  }
}
