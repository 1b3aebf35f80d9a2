package io.libonomy.p2p.version;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * This library's own version, as Maven built it, and the client version it sends in
 * handshakes. The version is read once, when this class is first used, from the classpath
 * resource {@code io/libonomy/p2p/version/library.properties} that the build fills in; use it
 * first at startup rather than on an event loop.
 */
public final class LibraryVersion {

  /** The name this library gives itself in its client version. */
  private static final String CLIENT_NAME = "libonomy-p2p-java";
  private static final String RESOURCE = "library.properties";
  private static final String VERSION = load();

  private LibraryVersion() {}

  /**
   * The Maven project version, e.g. {@code 0.1.0-SNAPSHOT}.
   *
   * @throws IllegalStateException if the library was built without Maven's resource filtering
   */
  public static String version() {
    if (VERSION.isEmpty()) {
      throw new IllegalStateException(
          "io/libonomy/p2p/version/" + RESOURCE
              + " is missing or unfiltered: build the library with Maven");
    }
    return VERSION;
  }

  /** The client version this library sends: {@code libonomy-p2p-java/<version()>}. */
  public static String clientVersion() {
    return CLIENT_NAME + "/" + version();
  }

  /** The filtered version, or empty when the resource is missing or was not filtered. */
  private static String load() {
    try (InputStream in = LibraryVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "";
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "").trim();
      return version.contains("${") ? "" : version;
    } catch (IOException e) {
      return "";
    }
  }
}
