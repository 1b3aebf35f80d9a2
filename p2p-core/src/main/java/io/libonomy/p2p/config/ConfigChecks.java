package io.libonomy.p2p.config;

import io.libonomy.p2p.api.InvalidConfigException;
import io.libonomy.p2p.api.InvalidKeyException;
import io.libonomy.p2p.api.InvalidNodeUrlException;
import io.libonomy.p2p.api.InvalidVersionException;
import io.libonomy.p2p.crypto.PublicKey;
import io.libonomy.p2p.identity.NodeInfo;
import io.libonomy.p2p.version.ClientVersion;
import io.netty.util.NetUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The validation rules of the config records; each failure names the key it is about. */
final class ConfigChecks {

  private ConfigChecks() {}

  static <T> T present(String key, @Nullable T value) {
    if (value == null) {
      throw new InvalidConfigException(key + " must be set");
    }
    return value;
  }

  static void range(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new InvalidConfigException(key + " must be " + min + ".." + max + ", got " + value);
    }
  }

  static void atLeast(String key, int value, int min) {
    if (value < min) {
      throw new InvalidConfigException(key + " must be >= " + min + ", got " + value);
    }
  }

  static void positive(String key, @Nullable Duration value) {
    Duration duration = present(key, value);
    if (duration.isNegative() || duration.isZero()) {
      throw new InvalidConfigException(key + " must be positive, got " + duration);
    }
  }

  /** An IPv4 or IPv6 literal, without brackets or zone ID; host names are never resolved. */
  static void ipLiteral(String key, @Nullable String value) {
    String text = present(key, value);
    boolean ipv6 =
        NetUtil.isValidIpV6Address(text) && text.indexOf('[') < 0 && text.indexOf('%') < 0;
    if (!ipv6 && !NetUtil.isValidIpV4Address(text)) {
      throw new InvalidConfigException(key + " must be an IP address literal, got '" + text + "'");
    }
  }

  /** Empty, or the base58 text of a public key. */
  static void emptyOrKey(String key, @Nullable String value) {
    String text = present(key, value);
    if (text.isEmpty()) {
      return;
    }
    try {
      PublicKey.fromBase58(text);
    } catch (InvalidKeyException e) {
      throw new InvalidConfigException(
          key + " must be empty or a base58 public key: " + e.getMessage(), e);
    }
  }

  static void clientVersion(String key, @Nullable String value) {
    try {
      ClientVersion.parse(present(key, value));
    } catch (InvalidVersionException e) {
      throw new InvalidConfigException(key + ": " + e.getMessage(), e);
    }
  }

  /** Checks every entry parses as a node URL; returns an immutable copy. */
  static List<String> nodeUrls(String key, @Nullable List<String> value) {
    // copy first, so the list checked is the list kept
    List<@Nullable String> urls = new ArrayList<>(present(key, value));
    for (int i = 0; i < urls.size(); i++) {
      String entryKey = key + "[" + i + "]";
      try {
        NodeInfo.parseUrl(present(entryKey, urls.get(i)));
      } catch (InvalidNodeUrlException e) {
        throw new InvalidConfigException(entryKey + ": " + e.getMessage(), e);
      }
    }
    return List.copyOf(urls);
  }
}
