package dev.orchestrate.cli.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes {@code config.json} in the user's config folder ({@code
 * $XDG_CONFIG_HOME/orchestrate}, else {@code ~/.config/orchestrate}). It holds tokens, so the
 * folder is 0700 and the file 0600 from the moment it exists, and it is replaced atomically.
 */
public final class ConfigStore {

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private final Path folder;

  public ConfigStore(Path folder) {
    this.folder = folder;
  }

  /** The config folder the environment names: {@code XDG_CONFIG_HOME}, then {@code HOME}. */
  public static Path folderFrom(Map<String, String> env) {
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "orchestrate");
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".config", "orchestrate");
  }

  public Path file() {
    return folder.resolve("config.json");
  }

  public Config load() {
    Path file = file();
    if (!Files.isRegularFile(file)) {
      return Config.empty();
    }
    try {
      return JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), Config.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void save(Config config) {
    try {
      Files.createDirectories(folder, permissions("rwx------"));
      Path temp = Files.createTempFile(folder, "config", ".tmp", permissions("rw-------"));
      try {
        Files.writeString(temp, JSON.writeValueAsString(config), StandardCharsets.UTF_8);
        Files.move(
            temp, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FileAttribute<?>[] permissions(String mode) {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))
    };
  }
}
