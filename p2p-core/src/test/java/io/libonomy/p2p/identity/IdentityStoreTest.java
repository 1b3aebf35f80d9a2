package io.libonomy.p2p.identity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.libonomy.p2p.api.IdentityStoreException;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.crypto.PublicKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IdentityStoreTest {

  private static final KeyPair PAIR = KeyPair.generate(new Random(1));
  private static final KeyPair OTHER = KeyPair.generate(new Random(2));
  private static final String PUB = PAIR.publicKey().toBase58();
  private static final String PRI = PAIR.privateKey().toBase58();

  @TempDir Path dataDir;

  @Test
  void savesThenLoadsTheSamePair() {
    IdentityStore store = IdentityStore.at(dataDir);

    store.save(PAIR);

    assertThat(store.load(PAIR.publicKey())).isEqualTo(PAIR);
  }

  @Test
  void keepsEachIdentityInItsOwnDirectory() {
    Path expected = dataDir.resolve("p2p").resolve("nodes").resolve(PUB).resolve("id.json");

    IdentityStore.at(dataDir).save(PAIR);

    assertThat(IdentityStore.at(dataDir).fileOf(PAIR.publicKey())).isEqualTo(expected);
    assertThat(expected).isRegularFile();
  }

  @Test
  void writesExactlyTheTwoFieldsPrettyPrinted() throws IOException {
    IdentityStore store = IdentityStore.at(dataDir);
    store.save(PAIR);
    Path file = store.fileOf(PAIR.publicKey());

    JsonNode json = new ObjectMapper().readTree(file.toFile());
    List<String> fields = new ArrayList<>();
    json.fieldNames().forEachRemaining(fields::add);

    assertThat(fields).containsExactly("pubKey", "priKey");
    assertThat(json.get("pubKey").textValue()).isEqualTo(PUB);
    assertThat(json.get("priKey").textValue()).isEqualTo(PRI);
    assertThat(Files.readString(file))
        .isEqualTo("{\n  \"pubKey\": \"" + PUB + "\",\n  \"priKey\": \"" + PRI + "\"\n}");
  }

  @Test
  void loadOrCreateTwiceReturnsTheSameIdentity() {
    IdentityStore store = IdentityStore.at(dataDir);

    KeyPair created = store.loadOrCreate(new Random(3));
    KeyPair loaded = IdentityStore.at(dataDir).loadOrCreate(new Random(4));

    assertThat(loaded).isEqualTo(created);
    assertThat(store.fileOf(created.publicKey())).isRegularFile();
  }

  @Test
  void loadOrCreateLoadsTheLexicographicallyFirstIdentity() {
    IdentityStore store = IdentityStore.at(dataDir);
    store.save(PAIR);
    store.save(OTHER);
    KeyPair first = PUB.compareTo(OTHER.publicKey().toBase58()) < 0 ? PAIR : OTHER;

    assertThat(store.loadOrCreate(new Random(5))).isEqualTo(first);
  }

  @Test
  void loadOrCreateSkipsDirectoriesWithoutAnIdentityFile() throws IOException {
    Path nodes = dataDir.resolve("p2p").resolve("nodes");
    Files.createDirectories(nodes.resolve("0-sorts-first"));
    Files.writeString(nodes.resolve("1-a-stray-file"), "not a directory");
    IdentityStore store = IdentityStore.at(dataDir);
    store.save(PAIR);

    assertThat(store.loadOrCreate(new Random(6))).isEqualTo(PAIR);
  }

  @Test
  void loadOrCreateCreatesAnIdentityWhenTheNodesDirectoryIsEmpty() throws IOException {
    Files.createDirectories(dataDir.resolve("p2p").resolve("nodes"));
    IdentityStore store = IdentityStore.at(dataDir);

    KeyPair created = store.loadOrCreate(new Random(7));

    assertThat(store.load(created.publicKey())).isEqualTo(created);
  }

  @Test
  void loadOrCreateCreatesAnIdentityWhenNoDirectoryHoldsAnIdentityFile() throws IOException {
    Files.createDirectories(dataDir.resolve("p2p").resolve("nodes").resolve(PUB));
    IdentityStore store = IdentityStore.at(dataDir);

    KeyPair created = store.loadOrCreate(new Random(8));

    assertThat(created).isEqualTo(KeyPair.generate(new Random(8)));
    assertThat(store.fileOf(created.publicKey())).isRegularFile();
  }

  @Test
  void loadOrCreateNeverReplacesACorruptIdentity() throws IOException {
    IdentityStore store = IdentityStore.at(dataDir);
    store.save(PAIR);
    Files.writeString(store.fileOf(PAIR.publicKey()), "{");

    assertThatThrownBy(() -> store.loadOrCreate(new Random(9)))
        .isInstanceOf(IdentityStoreException.class)
        .hasMessageContaining("not valid JSON");
    assertThat(Files.readString(store.fileOf(PAIR.publicKey()))).isEqualTo("{");
  }

  @Test
  void restrictsTheFileAndItsDirectoryToTheOwner() throws IOException {
    assumeTrue(dataDir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    IdentityStore store = IdentityStore.at(dataDir);

    store.save(PAIR);
    Path file = store.fileOf(PAIR.publicKey());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void narrowsTheModeOfAnExistingIdentityDirectory() throws IOException {
    assumeTrue(dataDir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    IdentityStore store = IdentityStore.at(dataDir);
    Path directory = store.fileOf(PAIR.publicKey()).getParent();
    Files.createDirectories(directory);
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));

    store.save(PAIR);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
        .isEqualTo("rwx------");
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws IOException {
    IdentityStore store = IdentityStore.at(dataDir);

    store.save(PAIR);
    store.save(PAIR);

    try (Stream<Path> files = Files.list(store.fileOf(PAIR.publicKey()).getParent())) {
      assertThat(files.map(path -> path.getFileName().toString())).containsExactly("id.json");
    }
  }

  @Test
  void reportsAMissingFile() {
    IdentityStore store = IdentityStore.at(dataDir);

    assertThatThrownBy(() -> store.load(PAIR.publicKey()))
        .isInstanceOf(IdentityStoreException.class)
        .hasMessage("identity file not found: " + store.fileOf(PAIR.publicKey()));
  }

  static Stream<Arguments> corruptFiles() {
    String valid = "{\n  \"pubKey\": \"" + PUB + "\",\n  \"priKey\": \"" + PRI + "\"\n}";
    String otherPub = OTHER.publicKey().toBase58();
    String otherPri = OTHER.privateKey().toBase58();
    String shortKey = PUB.substring(0, PUB.length() - 2);
    return Stream.of(
        Arguments.of("", "is empty"),
        Arguments.of(" \n ", "is empty"),
        Arguments.of("{", "is not valid JSON"),
        Arguments.of(valid.substring(0, valid.length() / 2), "is not valid JSON"),
        Arguments.of(valid + " trailing", "is not valid JSON"),
        Arguments.of("not json", "is not valid JSON"),
        Arguments.of("[\"" + PUB + "\"]", "does not hold a JSON object"),
        Arguments.of("{\"pubKey\": \"" + PUB + "\"}", "lacks field \"priKey\""),
        Arguments.of("{\"priKey\": \"" + PRI + "\"}", "lacks field \"pubKey\""),
        Arguments.of(
            "{\"pubKey\": 1, \"priKey\": \"" + PRI + "\"}", "field \"pubKey\" is not a string"),
        Arguments.of(json("0OIl", PRI), "field \"pubKey\" is not a key: unable to decode key"),
        Arguments.of(json(shortKey, PRI), "field \"pubKey\" is not a key: invalid key size"),
        Arguments.of(json(PUB, "0OIl"), "field \"priKey\" is not a base58 32-byte key"),
        Arguments.of(json(PUB, ""), "field \"priKey\" is not a base58 32-byte key"),
        Arguments.of(json(PUB, otherPri), "\"pubKey\" is not the public key of \"priKey\""),
        Arguments.of(json(otherPub, otherPri), "but its directory is named " + PUB),
        Arguments.of(
            "{\"pubKey\": \"" + PUB + "\", " + valid.substring(1),
            "is not valid JSON: Duplicate field 'pubKey'"));
  }

  @ParameterizedTest
  @MethodSource("corruptFiles")
  void rejectsACorruptFileNamingTheProblem(String content, String problem) throws IOException {
    IdentityStore store = IdentityStore.at(dataDir);
    Path file = store.fileOf(PAIR.publicKey());
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, UTF_8);

    assertThatThrownBy(() -> store.load(PAIR.publicKey()))
        .isInstanceOf(IdentityStoreException.class)
        .hasMessageStartingWith("identity file " + file)
        .hasMessageContaining(problem);
  }

  @Test
  void neverQuotesThePrivateKeyInAnError() throws IOException {
    IdentityStore store = IdentityStore.at(dataDir);
    Path file = store.fileOf(PAIR.publicKey());
    Files.createDirectories(file.getParent());
    String secretWithTypo = PRI.substring(0, 10) + "0" + PRI.substring(11);
    Files.writeString(file, json(PUB, secretWithTypo));

    assertThatThrownBy(() -> store.load(PAIR.publicKey()))
        .isInstanceOf(IdentityStoreException.class)
        .hasNoCause()
        .hasMessageNotContaining(secretWithTypo)
        .hasMessageNotContaining("'0'");
  }

  @Test
  void replacesAnExistingFile() throws IOException {
    IdentityStore store = IdentityStore.at(dataDir);
    Path file = store.fileOf(PAIR.publicKey());
    Files.createDirectories(file.getParent());
    Files.writeString(file, "garbage");

    store.save(PAIR);

    assertThat(store.load(PAIR.publicKey())).isEqualTo(PAIR);
  }

  @Test
  void reportsAWriteFailure() throws IOException {
    Files.writeString(dataDir.resolve("p2p"), "a file where the directory belongs");
    IdentityStore store = IdentityStore.at(dataDir);

    assertThatThrownBy(() -> store.save(PAIR))
        .isInstanceOf(IdentityStoreException.class)
        .hasMessageContaining("cannot write identity file " + store.fileOf(PAIR.publicKey()));
  }

  @Test
  void derivesTheFilePathWithoutTouchingTheDisk() {
    PublicKey id = PAIR.publicKey();

    IdentityStore.at(dataDir.resolve("absent")).fileOf(id);

    assertThat(dataDir.resolve("absent")).doesNotExist();
  }

  private static String json(String pub, String pri) {
    return "{\"pubKey\": \"" + pub + "\", \"priKey\": \"" + pri + "\"}";
  }
}
