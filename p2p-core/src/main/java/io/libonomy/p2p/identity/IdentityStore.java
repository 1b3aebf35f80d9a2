package io.libonomy.p2p.identity;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.libonomy.p2p.api.IdentityStoreException;
import io.libonomy.p2p.api.InvalidKeyException;
import io.libonomy.p2p.crypto.KeyPair;
import io.libonomy.p2p.crypto.PrivateKey;
import io.libonomy.p2p.crypto.PublicKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * Keeps node identities on disk: the key pair of the node with public key {@code P} lives in
 * {@code <dataDir>/p2p/nodes/<base58 P>/id.json} as {@code {"pubKey": ..., "priKey": ...}}
 * (base58 text, the private key in plain text). Directories are created owner-only (0700) and
 * files are owner read/write (0600) where the file system supports POSIX permissions; on other
 * file systems permissions are left to the platform. Files are replaced atomically (temporary
 * file in the same directory, fsync, rename), so a crash leaves either the old or the new file.
 *
 * <p><b>Blocking:</b> every method except {@link #at} and {@link #fileOf} does blocking file
 * I/O. Call them at startup or on {@code Schedulers.boundedElastic()}, never on an event loop.
 * Instances are immutable and may be shared; concurrent writers of the same identity each
 * replace the file atomically, the last rename wins.
 */
public final class IdentityStore {

  private static final String P2P_DIRECTORY = "p2p";
  private static final String NODES_DIRECTORY = "nodes";
  private static final String FILE_NAME = "id.json";
  private static final String PUBLIC_FIELD = "pubKey";
  private static final String PRIVATE_FIELD = "priKey";
  private static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE_PERMISSIONS =
      PosixFilePermissions.fromString("rw-------");

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();
  /** Two-space indent and {@code "key": value}, the layout the seed wrote. */
  private static final ObjectWriter WRITER =
      JSON.writer(
          new DefaultPrettyPrinter()
              .withSeparators(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

  private final Path nodesDirectory;

  private IdentityStore(Path nodesDirectory) {
    this.nodesDirectory = nodesDirectory;
  }

  /** The store under {@code dataDir}; nothing is read or created until a method needs it. */
  public static IdentityStore at(Path dataDir) {
    Objects.requireNonNull(dataDir, "dataDir");
    return new IdentityStore(dataDir.resolve(P2P_DIRECTORY).resolve(NODES_DIRECTORY));
  }

  /** The identity file of {@code id}: {@code <dataDir>/p2p/nodes/<base58 id>/id.json}. */
  public Path fileOf(PublicKey id) {
    Objects.requireNonNull(id, "id");
    return nodesDirectory.resolve(id.toBase58()).resolve(FILE_NAME);
  }

  /**
   * The node's identity: the one in the lexicographically first directory of
   * {@code <dataDir>/p2p/nodes} that holds an {@code id.json}; when there is none (no
   * directory, an empty one, or no {@code id.json} anywhere), a new pair from {@code random},
   * saved before it is returned.
   *
   * @throws IdentityStoreException if the existing identity is unreadable or corrupt (it is
   *     never silently replaced), or the new one cannot be saved
   */
  public KeyPair loadOrCreate(RandomGenerator random) {
    Objects.requireNonNull(random, "random");
    Optional<Path> existing = firstIdentityFile();
    if (existing.isPresent()) {
      Path file = existing.get();
      return read(file, file.getParent().getFileName().toString());
    }
    KeyPair created = KeyPair.generate(random);
    save(created);
    return created;
  }

  /**
   * Loads the identity {@code id} from {@link #fileOf(PublicKey)}.
   *
   * @throws IdentityStoreException naming the file and the problem: missing, empty, not JSON,
   *     a field missing or not a base58 32-byte key, a public key that is not the private key's,
   *     or a public key that is not the one the directory is named after
   */
  public KeyPair load(PublicKey id) {
    return read(fileOf(id), id.toBase58());
  }

  /**
   * Writes {@code pair} to {@link #fileOf(PublicKey) fileOf(pair.publicKey())}, atomically and
   * owner-only, replacing any file already there.
   *
   * @throws IdentityStoreException if a directory or the file cannot be written
   */
  public void save(KeyPair pair) {
    Objects.requireNonNull(pair, "pair");
    Path file = fileOf(pair.publicKey());
    Path directory = file.getParent();
    try {
      createPrivateDirectory(directory);
      writeAtomically(directory, file, encode(pair));
    } catch (IOException e) {
      throw new IdentityStoreException("cannot write identity file " + file + ": " + e, e);
    }
  }

  private Optional<Path> firstIdentityFile() {
    if (!Files.isDirectory(nodesDirectory)) {
      return Optional.empty();
    }
    try (Stream<Path> entries = Files.list(nodesDirectory)) {
      return entries
          .sorted(Comparator.comparing(entry -> entry.getFileName().toString()))
          .map(entry -> entry.resolve(FILE_NAME))
          .filter(Files::isRegularFile)
          .findFirst();
    } catch (IOException e) {
      throw new IdentityStoreException("cannot list " + nodesDirectory + ": " + e, e);
    }
  }

  private static KeyPair read(Path file, String directoryName) {
    JsonNode tree = parse(file);
    PublicKey publicKey;
    try {
      publicKey = PublicKey.fromBase58(textField(file, tree, PUBLIC_FIELD));
    } catch (InvalidKeyException e) {
      throw corrupt(file, "field \"" + PUBLIC_FIELD + "\" is not a key: " + e.getMessage());
    }
    PrivateKey privateKey;
    try {
      privateKey = PrivateKey.fromBase58(textField(file, tree, PRIVATE_FIELD));
    } catch (InvalidKeyException e) {
      // no cause and no detail: the decoder's message may quote characters of the secret
      throw corrupt(file, "field \"" + PRIVATE_FIELD + "\" is not a base58 32-byte key");
    }
    if (!privateKey.publicKey().equals(publicKey)) {
      throw corrupt(
          file, "\"" + PUBLIC_FIELD + "\" is not the public key of \"" + PRIVATE_FIELD + "\"");
    }
    if (!publicKey.toBase58().equals(directoryName)) {
      throw corrupt(
          file, "holds key " + publicKey + " but its directory is named " + directoryName);
    }
    return new KeyPair(privateKey, publicKey);
  }

  private static JsonNode parse(Path file) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IdentityStoreException("identity file not found: " + file, e);
    } catch (IOException e) {
      throw new IdentityStoreException("cannot read identity file " + file + ": " + e, e);
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(content);
    } catch (JacksonException e) {
      throw new IdentityStoreException(
          "identity file " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IdentityStoreException("cannot read identity file " + file + ": " + e, e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw corrupt(file, "is empty");
    }
    if (!tree.isObject()) {
      throw corrupt(file, "does not hold a JSON object");
    }
    return tree;
  }

  private static String textField(Path file, JsonNode tree, String name) {
    JsonNode value = tree.get(name);
    if (value == null) {
      throw corrupt(file, "lacks field \"" + name + "\"");
    }
    if (!value.isTextual()) {
      throw corrupt(file, "field \"" + name + "\" is not a string");
    }
    return value.textValue();
  }

  private static IdentityStoreException corrupt(Path file, String problem) {
    return new IdentityStoreException("identity file " + file + " " + problem);
  }

  private static byte[] encode(KeyPair pair) throws IOException {
    ObjectNode node = JSON.createObjectNode();
    node.put(PUBLIC_FIELD, pair.publicKey().toBase58());
    node.put(PRIVATE_FIELD, pair.privateKey().toBase58());
    return WRITER.writeValueAsBytes(node);
  }

  private static void createPrivateDirectory(Path directory) throws IOException {
    if (isPosix(directory)) {
      Files.createDirectories(
          directory, PosixFilePermissions.asFileAttribute(DIRECTORY_PERMISSIONS));
      // the umask may have narrowed the mode, and an existing directory may be wider
      Files.setPosixFilePermissions(directory, DIRECTORY_PERMISSIONS);
    } else {
      Files.createDirectories(directory);
    }
  }

  private static void writeAtomically(Path directory, Path file, byte[] content)
      throws IOException {
    boolean posix = isPosix(directory);
    FileAttribute<?>[] ownerOnly =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_PERMISSIONS)}
            : new FileAttribute<?>[0];
    Path temp = Files.createTempFile(directory, FILE_NAME, ".tmp", ownerOnly);
    try {
      if (posix) {
        Files.setPosixFilePermissions(temp, FILE_PERMISSIONS);
      }
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(
          temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    syncDirectory(directory);
  }

  /** Makes the rename durable where a directory can be opened and forced (POSIX). */
  private static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // best effort by design: Windows cannot open a directory, and the file itself is synced
    }
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
