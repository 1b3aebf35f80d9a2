package io.libonomy.p2p.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.libonomy.p2p.api.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link P2PConfig} from a config file in the seed's TOML layout.
 *
 * <p>The {@code [p2p]} table holds the keys of {@link P2PConfig} and {@code [p2p.swarm]} those
 * of {@link SwarmConfig}, in kebab-case exactly as their documentation names them
 * ({@code tcp-port}, {@code max-pending-connections}, {@code swarm.randcon}). A key present in
 * the file replaces the value of the base configuration; an absent key keeps it. Durations are
 * strings in Go's syntax ({@code "15s"}, {@code "500ms"}, {@code "1h30m"}); a rate limit is an
 * integer N (N a second, bursts of N) or a table {@code { per-second = 50, burst = 100 }}; the
 * overflow policy is its name in any case, {@code -} or {@code _} between words
 * ({@code "drop-oldest"}).
 *
 * <p>A seed config file loads as is: the seed keys this library does not use
 * ({@code p2p.conn-keepalive}, {@code p2p.msg-size-limit}, {@code p2p.swarm.bucketsize},
 * {@code p2p.swarm.alpha} and every key of {@code [time]}) are ignored with one warning each,
 * and other top-level tables ({@code [api]}, {@code [logging]}) and top-level keys are ignored
 * silently. Any other key inside {@code [p2p]} or {@code [p2p.swarm]} is an error, so a typo
 * never passes unnoticed.
 *
 * <p>Every method is thread-safe and returns a new, validated configuration, or throws
 * {@link InvalidConfigException} with one message that names the offending key, e.g.
 * {@code unknown key p2p.tcp-prot (did you mean p2p.tcp-port?)},
 * {@code p2p.tcp-port must be an integer, got "abc"} or
 * {@code p2p.session-timeout: invalid duration "15 sec" (use e.g. 15s, 500ms, 1m30s)}. Range
 * errors are those of the {@link P2PConfig} and {@link SwarmConfig} constructors. Malformed TOML
 * is reported with its line and column, and file errors name the file.
 */
public final class ConfigFile {

  /** Files larger than this are refused unread; a config file is a few kilobytes. */
  public static final int MAX_FILE_SIZE = 1024 * 1024;

  private static final TomlMapper MAPPER = new TomlMapper();

  private ConfigFile() {}

  /**
   * Reads {@code file} over {@link P2PConfig#defaults()}.
   *
   * @throws InvalidConfigException if the file is missing, unreadable, larger than
   *     {@link #MAX_FILE_SIZE}, not UTF-8, not TOML, or holds an invalid key or value
   */
  public static P2PConfig load(Path file) {
    return apply(P2PConfig.defaults(), file);
  }

  /**
   * Reads {@code file} over {@code base}: keys present in the file replace base's values.
   *
   * @throws InvalidConfigException as {@link #load(Path)}
   */
  public static P2PConfig apply(P2PConfig base, Path file) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(file, "file");
    return ConfigKeys.apply(base, tree(read(file), "in " + file + " "));
  }

  /**
   * Reads the TOML text {@code toml} over {@link P2PConfig#defaults()}.
   *
   * @throws InvalidConfigException if the text is not TOML or holds an invalid key or value
   */
  public static P2PConfig parse(String toml) {
    return apply(P2PConfig.defaults(), toml);
  }

  /**
   * Reads the TOML text {@code toml} over {@code base}: keys present in the text replace base's
   * values.
   *
   * @throws InvalidConfigException as {@link #parse(String)}
   */
  public static P2PConfig apply(P2PConfig base, String toml) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(toml, "toml");
    return ConfigKeys.apply(base, tree(toml, ""));
  }

  private static JsonNode tree(String toml, String source) {
    try {
      return MAPPER.readTree(toml);
    } catch (JacksonException e) {
      JsonLocation location = e.getLocation();
      String where =
          location == null
              ? ""
              : "at line " + location.getLineNr() + ", column " + location.getColumnNr();
      throw new InvalidConfigException(
          ("invalid TOML " + source + where).strip() + ": " + shorten(e.getOriginalMessage()));
    }
  }

  /** Reads at most one byte more than the limit, so a huge file costs no more than a small one. */
  private static String read(Path file) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_FILE_SIZE + 1);
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException("config file " + file + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new InvalidConfigException("cannot read config file " + file + ": access denied", e);
    } catch (IOException e) {
      throw new InvalidConfigException(
          "cannot read config file " + file + ": " + e.getMessage(), e);
    }
    if (bytes.length > MAX_FILE_SIZE) {
      throw new InvalidConfigException(
          "config file " + file + " is larger than " + MAX_FILE_SIZE + " bytes");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidConfigException("config file " + file + " is not UTF-8 text", e);
    }
  }

  /** Jackson quotes whole offending tokens, which may be most of a large file. */
  private static String shorten(@Nullable String message) {
    if (message == null) {
      return "unreadable";
    }
    return message.length() <= 200 ? message : message.substring(0, 200) + "...";
  }
}
