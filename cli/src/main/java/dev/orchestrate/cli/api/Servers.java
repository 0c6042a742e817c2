package dev.orchestrate.cli.api;

import java.net.URI;
import java.util.Locale;

/** Which server the CLI talks to, written one way so it can key the saved logins. */
public final class Servers {

  public static final String DEFAULT = "http://localhost:8080";

  private Servers() {}

  /**
   * {@code localhost:8080/} and {@code HTTP://localhost:8080} both become {@code
   * http://localhost:8080}.
   */
  public static String normalize(String url) {
    String text = url.strip();
    if (!text.contains("://")) {
      text = "http://" + text;
    }
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    URI uri = URI.create(text);
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException(url);
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(url);
    }
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + port + path;
  }

  public static boolean isDefault(String server) {
    return DEFAULT.equals(server);
  }

  /** The WebSocket URL for a path on this server: {@code http} becomes {@code ws}. */
  public static URI socket(String server, String path) {
    return URI.create(server.replaceFirst("^http", "ws") + path);
  }
}
