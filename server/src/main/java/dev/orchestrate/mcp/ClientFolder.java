package dev.orchestrate.mcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A client's own folder, readable only by the service's user: the stdio server's HOME, and the
 * files of its {@code secret-file:} values. Deleted when the client closes, so secrets written to
 * disk live no longer than the server that reads them.
 */
final class ClientFolder {

  private final Path root;

  private ClientFolder(Path root) {
    this.root = root;
  }

  static ClientFolder create() {
    try {
      return new ClientFolder(
          Files.createTempDirectory(
              "orchestrate-mcp-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path home() {
    return directory(root.resolve("home"));
  }

  /**
   * Writes a secret's value to {@code fileName} in a folder of its own (one per variable, so two
   * variables may use the same file name), readable only by the service's user.
   */
  Path writeSecret(String variable, String fileName, String value) {
    Path dir = directory(root.resolve("files").resolve(variable));
    Path file = dir.resolve(fileName);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, value, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean exists() {
    return Files.exists(root);
  }

  Path root() {
    return root;
  }

  void delete() {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // A server may still be writing in its HOME as it exits; what is left stays in the temporary
      // folder.
      org.slf4j.LoggerFactory.getLogger(ClientFolder.class)
          .warn("Could not delete the MCP client folder {}: {}", root, e.getMessage());
    }
  }

  private static Path directory(Path dir) {
    try {
      return Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
