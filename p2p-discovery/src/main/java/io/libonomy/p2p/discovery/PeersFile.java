package io.libonomy.p2p.discovery;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.libonomy.p2p.crypto.PublicKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peers file: an address book saved as the seed's JSON (seed reference §12.5) plus each
 * address's {@code "Tried"} flag:
 *
 * <pre>{@code
 * {"Key": [32 numbers 0..255],
 *  "Addresses": [{"Addr": url, "Src": url, "Attempts": n, "LastSeen": s, "LastAttempt": s,
 *                 "LastSuccess": s, "Tried": bool}, ...],
 *  "NewBuckets": [1024 arrays of urls], "TriedBuckets": [256 arrays of urls]}
 * }</pre>
 *
 * Times are unix seconds, 0 (or any value up to 0, such as the seed's -62135596800) for never.
 * Unlike the seed, {@code LastSeen} and the tried flag are restored.
 *
 * <p>Loading re-adds every address with the saved key, recomputing its buckets instead of
 * trusting the bucket lists (they are written for the seed's format and for people reading the
 * file): a tried address takes its tried slot; one that fits nowhere is dropped. Addresses the
 * book refuses (own key, invalid) are skipped; a {@code Src} that is not a node URL is replaced
 * by the address itself. A file that cannot be parsed, has the wrong shape, a key other than
 * 32 bytes, an unparsable {@code Addr}, more than {@value DefaultAddressBook#MAX_ENTRIES}
 * addresses or more than {@value #MAX_FILE_BYTES} bytes is <em>corrupt</em>: one warning is
 * logged, the file is renamed to {@code <file>.corrupt} (replacing an older one) for inspection,
 * and an empty book with a fresh key is returned. A file that cannot be read (permissions) is
 * left in place, with one warning and an empty book. A missing file gives an empty book.
 *
 * <p>Both methods do blocking file I/O: callers on a Reactor pipeline run them on
 * {@code Schedulers.boundedElastic()}. Saving writes a temporary file in the same directory,
 * forces it to disk and renames it over the file atomically, so a crash leaves the old or the
 * new file, never a torn one.
 */
final class PeersFile {

  /** Larger than any file a full book of IPv6 addresses produces (about 40 MiB). */
  static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(PeersFile.class);
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxDocumentLength(MAX_FILE_BYTES)
          .maxNestingDepth(8)
          .maxStringLength(1024)
          .maxNumberLength(24)
          .build())
      .build();

  private PeersFile() {}

  /**
   * Loads the book of node {@code localKey} from {@code file}; never fails (see the class
   * description for missing, unreadable and corrupt files).
   */
  static AddressBook load(Path file, PublicKey localKey, Clock clock, RandomGenerator random) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(localKey, "localKey");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
    String context = "[" + localKey.shortId() + "][peers-file] ";
    PeersFileReader.Content content;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new PeersFileReader.CorruptException(
            "larger than " + MAX_FILE_BYTES + " bytes: " + Files.size(file));
      }
      try (InputStream in = Files.newInputStream(file)) {
        content = PeersFileReader.read(JSON.createParser(in));
      }
    } catch (NoSuchFileException e) {
      log.debug("{}no peers file {}: starting with an empty address book", context, file);
      return AddressBook.create(localKey, clock, random);
    } catch (PeersFileReader.CorruptException e) {
      log.warn("{}peers file {} is corrupt ({}): {}; starting with an empty address book",
          context, file, e.getMessage(), quarantine(file));
      return AddressBook.create(localKey, clock, random);
    } catch (JacksonException e) {
      log.warn("{}peers file {} is corrupt ({} at byte {}): {}; starting with an empty address "
          + "book", context, file, e.getOriginalMessage(),
          e.getLocation() == null ? "?" : e.getLocation().getByteOffset(), quarantine(file));
      return AddressBook.create(localKey, clock, random);
    } catch (IOException | RuntimeException e) {
      log.warn("{}cannot read peers file {} ({}): starting with an empty address book", context,
          file, e.toString());
      return AddressBook.create(localKey, clock, random);
    }
    DefaultAddressBook book = new DefaultAddressBook(localKey, clock, random, content.key());
    int restored = 0;
    for (BookSnapshot.Entry entry : content.entries()) {
      if (book.restore(entry)) {
        restored++;
      }
    }
    log.debug("{}loaded {} of {} addresses from {}", context, restored, content.entries().size(),
        file);
    return book;
  }

  /**
   * Saves {@code book} (made by {@link AddressBook#create} or {@link #load}) to {@code file}
   * atomically, creating its directory if needed.
   *
   * @throws IOException if the file cannot be written; the old file is then left unchanged
   */
  static void save(AddressBook book, Path file) throws IOException {
    Objects.requireNonNull(book, "book");
    Objects.requireNonNull(file, "file");
    if (!(book instanceof DefaultAddressBook defaultBook)) {
      throw new IllegalArgumentException("not a book of this package: " + book.getClass());
    }
    BookSnapshot snapshot = defaultBook.snapshot();
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(channel);
          JsonGenerator json = JSON.createGenerator(out)) {
        write(snapshot, json);
        json.flush();
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    syncDirectory(dir);
  }

  private static void write(BookSnapshot snapshot, JsonGenerator json) throws IOException {
    List<List<String>> newBuckets = emptyLists(BucketHasher.NEW_BUCKET_COUNT);
    List<List<String>> triedBuckets = emptyLists(BucketHasher.TRIED_BUCKET_COUNT);
    json.writeStartObject();
    json.writeArrayFieldStart("Key");
    for (byte b : snapshot.key()) {
      json.writeNumber(b & 0xff);
    }
    json.writeEndArray();
    json.writeArrayFieldStart("Addresses");
    for (BookSnapshot.Entry entry : snapshot.entries()) {
      String url = entry.address().toUrl();
      json.writeStartObject();
      json.writeStringField("Addr", url);
      json.writeStringField("Src", entry.source().toUrl());
      json.writeNumberField("Attempts", entry.attempts());
      json.writeNumberField("LastSeen", seconds(entry.lastSeen()));
      json.writeNumberField("LastAttempt", seconds(entry.lastAttempt()));
      json.writeNumberField("LastSuccess", seconds(entry.lastSuccess()));
      json.writeBooleanField("Tried", entry.tried());
      json.writeEndObject();
      for (int bucket : entry.buckets()) {
        (entry.tried() ? triedBuckets : newBuckets).get(bucket).add(url);
      }
    }
    json.writeEndArray();
    writeBuckets(json, "NewBuckets", newBuckets);
    writeBuckets(json, "TriedBuckets", triedBuckets);
    json.writeEndObject();
  }

  private static void writeBuckets(JsonGenerator json, String name, List<List<String>> buckets)
      throws IOException {
    json.writeArrayFieldStart(name);
    for (List<String> bucket : buckets) {
      json.writeStartArray();
      for (String url : bucket) {
        json.writeString(url);
      }
      json.writeEndArray();
    }
    json.writeEndArray();
  }

  private static List<List<String>> emptyLists(int count) {
    List<List<String>> lists = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      lists.add(new ArrayList<>());
    }
    return lists;
  }

  private static long seconds(long millis) {
    return millis <= 0 ? 0 : millis / 1000;
  }

  /** Moves a corrupt file aside; returns what happened, for the one warning. */
  private static String quarantine(Path file) {
    Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
    try {
      Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
      return "moved to " + aside;
    } catch (IOException e) {
      return "left in place (" + e + ")";
    }
  }

  /** Makes the rename durable where the platform allows opening a directory. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("[peers-file] cannot sync directory {}: {}", dir, e.toString());
    }
  }
}
