package io.libonomy.p2p.version;

import io.libonomy.p2p.api.InvalidVersionException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A client version as sent in the handshake: {@code <name>/<MAJOR>.<MINOR>.<PATCH><suffix>}, or
 * the same without {@code <name>/}. The text is at most 128 bytes; the name is 1–64 characters
 * of {@code [A-Za-z0-9._-]} and ends at the first {@code '/'}; each number is 1–9 ASCII decimal
 * digits; the suffix is empty or starts with {@code '-'} or {@code '+'} (a pre-release or build
 * tag such as {@code -SNAPSHOT}) and is ignored. Versions compare by major, then minor, then
 * patch number; the name plays no part.
 *
 * @param name the client's name, or {@code null} when the text had none
 * @param major the major number, 0..999,999,999
 * @param minor the minor number, 0..999,999,999
 * @param patch the patch number, 0..999,999,999
 */
public record ClientVersion(@Nullable String name, int major, int minor, int patch) {

  private static final int MAX_BYTES = 128;
  private static final int MAX_NAME_LENGTH = 64;
  private static final int MAX_DIGITS = 9;
  private static final int MAX_NUMBER = 999_999_999;
  private static final int MAX_QUOTED = 64;
  private static final String[] PARTS = {"major", "minor", "patch"};
  private static final Comparator<ClientVersion> ORDER =
      Comparator.comparingInt(ClientVersion::major)
          .thenComparingInt(ClientVersion::minor)
          .thenComparingInt(ClientVersion::patch);

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if the name breaks the name rule or a number is negative
   *     or has more than 9 digits
   */
  public ClientVersion {
    if (name != null) {
      String problem = nameProblem(name);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
    }
    checkNumber("major", major);
    checkNumber("minor", minor);
    checkNumber("patch", patch);
  }

  /**
   * Parses a client version text.
   *
   * @throws InvalidVersionException naming what is wrong, for any text not of the documented shape
   */
  public static ClientVersion parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_BYTES || text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw invalid(text, "longer than " + MAX_BYTES + " bytes");
    }
    String name = null;
    int position = 0;
    int slash = text.indexOf('/');
    if (slash >= 0) {
      name = text.substring(0, slash);
      String problem = nameProblem(name);
      if (problem != null) {
        throw invalid(text, problem);
      }
      position = slash + 1;
    }
    int[] numbers = new int[PARTS.length];
    for (int part = 0; part < PARTS.length; part++) {
      if (part > 0) {
        if (position >= text.length() || text.charAt(position) != '.') {
          throw invalid(text, "expected MAJOR.MINOR.PATCH, missing '.' before the " + PARTS[part]);
        }
        position++;
      }
      int start = position;
      while (position < text.length() && isAsciiDigit(text.charAt(position))) {
        position++;
      }
      int digits = position - start;
      if (digits < 1 || digits > MAX_DIGITS) {
        throw invalid(text, PARTS[part] + " number must be 1-9 ASCII digits");
      }
      numbers[part] = Integer.parseInt(text, start, position, 10);
    }
    if (position < text.length() && text.charAt(position) != '-' && text.charAt(position) != '+') {
      throw invalid(
          text,
          "unexpected " + quote(text.substring(position, position + 1))
              + " after the patch number (a suffix starts with '-' or '+')");
    }
    return new ClientVersion(name, numbers[0], numbers[1], numbers[2]);
  }

  /**
   * Whether {@code clientVersion} parses and is at least {@code min}; an unparseable version is
   * not accepted.
   */
  public static boolean accepts(String clientVersion, ClientVersion min) {
    Objects.requireNonNull(clientVersion, "clientVersion");
    Objects.requireNonNull(min, "min");
    try {
      return parse(clientVersion).isAtLeast(min);
    } catch (InvalidVersionException e) {
      return false;
    }
  }

  /** Whether this version's major, minor and patch numbers are at least {@code min}'s. */
  public boolean isAtLeast(ClientVersion min) {
    Objects.requireNonNull(min, "min");
    return ORDER.compare(this, min) >= 0;
  }

  /** The text form, {@code name/MAJOR.MINOR.PATCH} or {@code MAJOR.MINOR.PATCH} (no suffix). */
  @Override
  public String toString() {
    String numbers = major + "." + minor + "." + patch;
    return name == null ? numbers : name + "/" + numbers;
  }

  private static @Nullable String nameProblem(String name) {
    if (name.isEmpty()) {
      return "empty name before '/'";
    }
    if (name.length() > MAX_NAME_LENGTH) {
      return "name longer than " + MAX_NAME_LENGTH + " characters";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean allowed =
          isAsciiDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
              || c == '.' || c == '_' || c == '-';
      if (!allowed) {
        return "name contains " + quote(String.valueOf(c)) + " (allowed: A-Z a-z 0-9 . _ -)";
      }
    }
    return null;
  }

  private static void checkNumber(String part, int value) {
    if (value < 0 || value > MAX_NUMBER) {
      throw new IllegalArgumentException(part + " must be 0.." + MAX_NUMBER + ", got " + value);
    }
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static InvalidVersionException invalid(String text, String problem) {
    return new InvalidVersionException("invalid client version " + quote(text) + ": " + problem);
  }

  /** Quotes peer-supplied text for a message: escapes control and non-ASCII characters, caps it. */
  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("'");
    int end = Math.min(text.length(), MAX_QUOTED);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        quoted.append(c);
      } else {
        quoted.append(String.format("\\u%04x", (int) c));
      }
    }
    return quoted.append(end < text.length() ? "...'" : "'").toString();
  }
}
