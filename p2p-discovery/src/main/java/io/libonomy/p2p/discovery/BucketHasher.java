package io.libonomy.p2p.discovery;

import io.libonomy.p2p.crypto.Sha256;
import io.libonomy.p2p.identity.NodeInfo;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;

/**
 * Bucket and slot choice of the address book, Bitcoin Core's {@code addrman} formulas salted
 * with the book's secret 32-byte key. {@code H(...)} is the first 8 bytes, little-endian, of
 * SHA-256(SHA-256(key || parts)) as an unsigned number; a group is its text, length-prefixed.
 *
 * <ul>
 *   <li>new bucket = {@code H(group(source), H(group(addr), group(source)) mod 64) mod 1024}: one
 *       source group reaches at most 64 of the 1,024 new buckets, and one (address group,
 *       source group) pair exactly one. An unroutable address (which only an unroutable source
 *       can give) is placed by {@code H("local", group(addr)) mod 1024}: its group is already one
 *       node, and a whole local network heard from one source must not share 64 buckets.
 *   <li>tried bucket = {@code H(group(addr), H(addrKey) mod 8) mod 256}: one address group
 *       reaches at most 8 tried buckets.
 *   <li>slot = {@code H(table, bucket, addrKey) mod 64}.
 * </ul>
 *
 * <p>{@code addrKey} is the normalised address: the 16-byte IPv6 form (IPv4 as
 * {@code ::ffff:a.b.c.d}) followed by the TCP port, big-endian. The node id is left out on
 * purpose: identities cost nothing, so all ids claiming one IP and port compete for one slot.
 */
final class BucketHasher {

  static final int NEW_BUCKET_COUNT = 1024;
  static final int TRIED_BUCKET_COUNT = 256;
  static final int BUCKET_SIZE = 64;
  static final int NEW_BUCKETS_PER_SOURCE_GROUP = 64;
  static final int TRIED_BUCKETS_PER_GROUP = 8;
  static final int KEY_LENGTH = 32;

  private static final byte NEW_TABLE = 'N';
  private static final byte TRIED_TABLE = 'K';

  private final byte[] key;

  BucketHasher(byte[] key) {
    if (key.length != KEY_LENGTH) {
      throw new IllegalArgumentException("key must be 32 bytes, got " + key.length);
    }
    this.key = key.clone();
  }

  byte[] key() {
    return key.clone();
  }

  int newBucket(NodeInfo address, NodeInfo source) {
    String addressGroup = NetworkGroups.group(address.ip(), address.tcpPort());
    if (!NetworkGroups.isRoutable(address.ip())) {
      return mod(hash(text("local"), text(addressGroup)), NEW_BUCKET_COUNT);
    }
    byte[] sourceGroup = text(NetworkGroups.group(source.ip(), source.tcpPort()));
    int slice = mod(hash(text(addressGroup), sourceGroup), NEW_BUCKETS_PER_SOURCE_GROUP);
    return mod(hash(sourceGroup, le64(slice)), NEW_BUCKET_COUNT);
  }

  int triedBucket(NodeInfo address) {
    int slice = mod(hash(addressKey(address)), TRIED_BUCKETS_PER_GROUP);
    byte[] group = text(NetworkGroups.group(address.ip(), address.tcpPort()));
    return mod(hash(group, le64(slice)), TRIED_BUCKET_COUNT);
  }

  int newPosition(int bucket, NodeInfo address) {
    return position(NEW_TABLE, bucket, address);
  }

  int triedPosition(int bucket, NodeInfo address) {
    return position(TRIED_TABLE, bucket, address);
  }

  private int position(byte table, int bucket, NodeInfo address) {
    return mod(hash(new byte[] {table}, le64(bucket), addressKey(address)), BUCKET_SIZE);
  }

  /** The normalised IP (16 bytes) and TCP port of {@code address}. */
  static byte[] addressKey(NodeInfo address) {
    byte[] ip = address.ip().getAddress();
    byte[] out = new byte[18];
    if (address.ip() instanceof Inet4Address) {
      out[10] = (byte) 0xff;
      out[11] = (byte) 0xff;
      System.arraycopy(ip, 0, out, 12, 4);
    } else {
      System.arraycopy(ip, 0, out, 0, 16);
    }
    out[16] = (byte) (address.tcpPort() >>> 8);
    out[17] = (byte) address.tcpPort();
    return out;
  }

  private static int mod(long unsigned, int n) {
    return (int) Long.remainderUnsigned(unsigned, n);
  }

  private long hash(byte[]... parts) {
    ByteArrayOutputStream input = new ByteArrayOutputStream(96);
    input.writeBytes(key);
    for (byte[] part : parts) {
      input.writeBytes(part);
    }
    byte[] digest = Sha256.digest(Sha256.digest(input.toByteArray()));
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = (value << 8) | (digest[i] & 0xff);
    }
    return value;
  }

  private static byte[] text(String group) {
    byte[] utf8 = group.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[utf8.length + 1];
    out[0] = (byte) utf8.length; // groups are short: at most "local:" + an IPv6 text + a port
    System.arraycopy(utf8, 0, out, 1, utf8.length);
    return out;
  }

  private static byte[] le64(long value) {
    byte[] out = new byte[8];
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (value >>> (8 * i));
    }
    return out;
  }
}
