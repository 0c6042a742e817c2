package dev.orchestrate.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a real PostgreSQL whose cluster lives in the data folder, so that a fresh machine needs
 * nothing installed and the data survives restarts.
 */
final class EmbeddedPostgresLauncher {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresLauncher.class);
  private static final Duration STARTUP_WAIT = Duration.ofMinutes(2);

  private EmbeddedPostgresLauncher() {}

  static EmbeddedPostgres start(Path clusterDir, int port) {
    try {
      Files.createDirectories(clusterDir);
      stopOrphanedPostmaster(clusterDir);
      var builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(clusterDir)
              .setCleanDataDirectory(false)
              .setPGStartupWait(STARTUP_WAIT)
              .setServerConfig("max_connections", "300")
              .setServerConfig("listen_addresses", "localhost");
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedPostgres postgres = builder.start();
      log.info("Embedded PostgreSQL serving {} on port {}", clusterDir, postgres.getPort());
      return postgres;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + clusterDir, e);
    }
  }

  /**
   * A service killed with SIGKILL leaves its postmaster running; the next start would find the
   * cluster busy, so the orphan is stopped first (the data itself is crash-safe).
   */
  private static void stopOrphanedPostmaster(Path clusterDir) throws IOException {
    Path pidFile = clusterDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    Optional<ProcessHandle> postmaster =
        Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream()
            .findFirst()
            .map(String::trim)
            .filter(line -> line.matches("\\d+"))
            .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
            .filter(ProcessHandle::isAlive)
            .filter(EmbeddedPostgresLauncher::isPostgres);
    if (postmaster.isEmpty()) {
      return;
    }
    log.warn(
        "Stopping PostgreSQL left running by an earlier process (pid {})", postmaster.get().pid());
    ProcessHandle handle = postmaster.get();
    handle.destroy(); // SIGTERM: PostgreSQL's "smart" shutdown
    try {
      handle.onExit().get(STARTUP_WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      handle.destroyForcibly();
    }
  }

  private static boolean isPostgres(ProcessHandle process) {
    return process.info().command().map(cmd -> cmd.endsWith("postgres")).orElse(true);
  }
}
