package io.libonomy.p2p.discovery;

import static io.libonomy.p2p.discovery.TestNodes.key;
import static io.libonomy.p2p.discovery.TestNodes.publicNode;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.identity.NodeInfo;
import io.libonomy.p2p.testing.MutableClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** The seed's store_test in Java, plus what the seed lost or did badly (§20 item 22). */
class PeersFileTest {

  @TempDir Path dir;

  private final SplittableRandom random = new SplittableRandom(11);
  private final MutableClock clock = TestNodes.clock();
  private final PublicKey localKey = key(random);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(PeersFile.class);
  private Path file;

  @BeforeEach
  void captureLogs() {
    file = dir.resolve("peers.json");
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logs);
  }

  private DefaultAddressBook load() {
    return (DefaultAddressBook) PeersFile.load(file, localKey, clock, new SplittableRandom(3));
  }

  private List<ILoggingEvent> warnings() {
    return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
  }

  private static Map<PublicKey, BookSnapshot.Entry> byId(DefaultAddressBook book) {
    return book.snapshot().entries().stream()
        .collect(Collectors.toMap(e -> e.address().id(), Function.identity()));
  }

  @Test
  void fiveSavedAddressesLoadWithTheSameIdsIpsAndPorts() throws IOException {
    DefaultAddressBook book = new DefaultAddressBook(localKey, clock, new SplittableRandom(1));
    List<NodeInfo> saved = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      NodeInfo address = new NodeInfo(key(random), publicNode(random).ip(), 2000 + i, 3000 + i);
      assertThat(book.add(address, publicNode(random))).isTrue();
      saved.add(address);
    }

    PeersFile.save(book, file);
    DefaultAddressBook loaded = load();

    assertThat(loaded.size()).isEqualTo(5);
    for (NodeInfo address : saved) {
      assertThat(loaded.lookup(address.id())).contains(address);
    }
    assertThat(loaded.snapshot().key()).isEqualTo(book.snapshot().key());
    assertThat(warnings()).isEmpty();
  }

  @Test
  void historyAndTheTriedFlagSurvive() throws IOException {
    DefaultAddressBook book = new DefaultAddressBook(localKey, clock, new SplittableRandom(1));
    NodeInfo tried = publicNode(random);
    NodeInfo fresh = publicNode(random);
    book.add(tried, publicNode(random));
    book.add(fresh, publicNode(random));
    clock.advance(Duration.ofMinutes(20));
    book.good(tried.id());
    clock.advance(Duration.ofMinutes(20));
    book.attempt(fresh.id());
    book.attempt(fresh.id());

    PeersFile.save(book, file);
    clock.advance(Duration.ofHours(1));
    Map<PublicKey, BookSnapshot.Entry> before = byId(book);
    Map<PublicKey, BookSnapshot.Entry> after = byId(load());

    assertThat(after).containsOnlyKeys(tried.id(), fresh.id());
    for (PublicKey id : before.keySet()) {
      BookSnapshot.Entry was = before.get(id);
      BookSnapshot.Entry is = after.get(id);
      assertThat(is.tried()).isEqualTo(was.tried());
      assertThat(is.attempts()).isEqualTo(was.attempts());
      assertThat(is.lastSeen()).isEqualTo(was.lastSeen()).isPositive();
      assertThat(is.lastAttempt()).isEqualTo(was.lastAttempt());
      assertThat(is.lastSuccess()).isEqualTo(was.lastSuccess());
      assertThat(is.source()).isEqualTo(was.source());
      assertThat(is.buckets()).isEqualTo(was.buckets());
    }
    assertThat(after.get(tried.id()).tried()).isTrue();
    assertThat(after.get(fresh.id()).attempts()).isEqualTo(2);
  }

  @Test
  void aFullBookRoundTripsConsistently() throws IOException {
    DefaultAddressBook book = new DefaultAddressBook(localKey, clock, new SplittableRandom(1));
    for (int i = 0; i < 20_000; i++) {
      NodeInfo address = publicNode(random);
      book.add(address, publicNode(random));
      if (i % 4 == 0) {
        book.good(address.id());
      }
    }

    PeersFile.save(book, file);
    DefaultAddressBook loaded = load();

    assertThat(loaded.size()).isEqualTo(book.size());
    assertThat(loaded.triedCount()).isEqualTo(book.triedCount());
    assertThat(loaded.consistencyErrors()).isEmpty();
    assertThat(Files.size(file)).isLessThan(PeersFile.MAX_FILE_BYTES);
  }

  @Test
  void savingReplacesTheFileAndLeavesNoTemporaryFile() throws IOException {
    DefaultAddressBook book = new DefaultAddressBook(localKey, clock, new SplittableRandom(1));
    PeersFile.save(book, file);
    book.add(publicNode(random), publicNode(random));

    PeersFile.save(book, file);

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
    assertThat(load().size()).isEqualTo(1);
  }

  @Test
  void aMissingFileGivesAnEmptyBookQuietly() {
    DefaultAddressBook loaded = load();

    assertThat(loaded.size()).isZero();
    assertThat(warnings()).isEmpty();
    assertThat(file).doesNotExist();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "garbage \u0000\u0001 not json",
      "",
      "[]",
      "{}",
      "{\"Key\": \"abc\"}",
      "{\"Key\": [1, 2, 3]}",
      "{\"Key\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,"
          + " 23, 24, 25, 26, 27, 28, 29, 30, 31, 256]}",
      "{\"Key\": [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],"
          + " \"Addresses\": {\"Addr\": 1}}",
      "{\"Key\": [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],"
          + " \"Addresses\": [{\"Addr\": \"not a url\"}]}",
      "{\"Key\": [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],"
          + " \"Addresses\": [{\"Attempts\": \"three\"}]}",
      "{\"Key\": [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]} {}",
      "{\"Key\": [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],"
          + " \"Addresses\": [{\"LastSeen\": 99999999999999999999999}]}",
  })
  void aCorruptFileGivesAnEmptyBookAndOneWarningAndIsMovedAside(String content)
      throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);

    DefaultAddressBook loaded = load();

    assertThat(loaded.size()).isZero();
    assertThat(warnings()).hasSize(1);
    assertThat(warnings().get(0).getThrowableProxy()).isNull();
    assertThat(file).doesNotExist();
    assertThat(dir.resolve("peers.json.corrupt")).hasContent(content);
  }

  @Test
  void aTruncatedFileGivesAnEmptyBook() throws IOException {
    DefaultAddressBook book = new DefaultAddressBook(localKey, clock, new SplittableRandom(1));
    for (int i = 0; i < 50; i++) {
      book.add(publicNode(random), publicNode(random));
    }
    PeersFile.save(book, file);
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));

    assertThat(load().size()).isZero();
    assertThat(warnings()).hasSize(1);
  }

  @Test
  void aHugeFileIsRefusedWithoutReadingIt() throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, StandardOpenOption.SPARSE)) {
      channel.write(ByteBuffer.wrap(new byte[] {'{'}), PeersFile.MAX_FILE_BYTES);
    }

    assertThat(load().size()).isZero();
    assertThat(warnings()).hasSize(1);
    assertThat(warnings().get(0).getFormattedMessage()).contains("larger than");
  }

  @Test
  void aSeedFileWithoutTriedFlagsAndWithZeroTimesLoads() throws IOException {
    NodeInfo address = publicNode(random);
    StringBuilder json = new StringBuilder("{\"Key\":[");
    for (int i = 0; i < 32; i++) {
      json.append(i == 0 ? "" : ",").append(i * 7);
    }
    json.append("],\"Addresses\":[{\"Addr\":\"").append(address.toUrl())
        .append("\",\"Src\":\"").append(address.toUrl())
        .append("\",\"Attempts\":1,\"LastSeen\":-62135596800,\"LastAttempt\":-62135596800,")
        .append("\"LastSuccess\":-62135596800}],\"NewBuckets\":[[\"")
        .append(address.toUrl()).append("\"]],\"TriedBuckets\":[[]],\"Extra\":{\"x\":[1]}}");
    Files.writeString(file, json);

    DefaultAddressBook loaded = load();

    assertThat(loaded.lookup(address.id())).contains(address);
    BookSnapshot.Entry entry = loaded.snapshot().entries().get(0);
    assertThat(entry.lastSeen()).isZero();
    assertThat(entry.tried()).isFalse();
    assertThat(entry.attempts()).isEqualTo(1);
    assertThat(warnings()).isEmpty();
  }

  @Test
  void addressesTheBookRefusesAreSkippedOnLoad() throws IOException {
    DefaultAddressBook book = new DefaultAddressBook(key(random), clock, new SplittableRandom(1));
    NodeInfo self = new NodeInfo(localKey, publicNode(random).ip(), 7000, 7000);
    NodeInfo other = publicNode(random);
    book.add(self, publicNode(random));
    book.add(other, publicNode(random));
    PeersFile.save(book, file);

    DefaultAddressBook loaded = load();

    assertThat(loaded.lookup(localKey)).isEmpty();
    assertThat(loaded.lookup(other.id())).contains(other);
  }
}
