package io.libonomy.p2p.discovery;

import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.identity.NodeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A real address book that also records every {@link #add} call (address, source). */
final class RecordingBook implements AddressBook {

  /** One {@link #add} call and whether it stored a new entry. */
  record Added(NodeInfo address, NodeInfo source, boolean stored) {}

  private final AddressBook book;
  private final List<Added> added = new ArrayList<>();

  RecordingBook(AddressBook book) {
    this.book = book;
  }

  synchronized List<Added> added() {
    return List.copyOf(added);
  }

  /** The calls that stored {@code address}. */
  synchronized List<Added> stored(NodeInfo address) {
    return added.stream().filter(a -> a.stored() && a.address().equals(address)).toList();
  }

  @Override
  public boolean add(NodeInfo address, NodeInfo source) {
    boolean stored = book.add(address, source);
    synchronized (this) {
      added.add(new Added(address, source, stored));
    }
    return stored;
  }

  @Override
  public int addAll(List<NodeInfo> addresses, NodeInfo source) {
    int count = 0;
    for (NodeInfo address : new ArrayList<>(addresses)) {
      if (add(address, source)) {
        count++;
      }
    }
    return count;
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
  public List<NodeInfo> addressCache() {
    return book.addressCache();
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
