package io.libonomy.p2p.discovery;

import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.identity.NodeInfo;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real book whose {@link #addressCache()} is a fixed list, so a test knows exactly what a
 * responder shares (the seed's protocol_test stubs the cache the same way).
 */
final class FixedCacheBook implements AddressBook {

  private final AddressBook book;
  private final List<NodeInfo> cache = new CopyOnWriteArrayList<>();

  FixedCacheBook(NodeInfo self, List<NodeInfo> cache) {
    this.book = AddressBook.create(self.id(), Clock.systemUTC(),
        new SplittableRandom(1));
    this.cache.addAll(cache);
  }

  @Override
  public List<NodeInfo> addressCache() {
    return List.copyOf(cache);
  }

  @Override
  public boolean add(NodeInfo address, NodeInfo source) {
    return book.add(address, source);
  }

  @Override
  public int addAll(List<NodeInfo> addresses, NodeInfo source) {
    return book.addAll(addresses, source);
  }

  @Override
  public void attempt(PublicKey key) {
    book.attempt(key);
  }

  @Override
  public void good(PublicKey key) {
    book.good(key);
  }

  @Override
  public Optional<NodeInfo> getAddress() {
    return book.getAddress();
  }

  @Override
  public boolean needNewAddresses() {
    return book.needNewAddresses();
  }

  @Override
  public Optional<NodeInfo> lookup(PublicKey key) {
    return book.lookup(key);
  }

  @Override
  public void remove(PublicKey key) {
    book.remove(key);
  }

  @Override
  public int size() {
    return book.size();
  }
}
