package dev.orchestrate.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A PostgreSQL server of the test's own, as an operator's external database would be, for service
 * processes that share it: a schema owner that may create roles, and a database per scenario.
 */
public final class ExternalPostgres implements AutoCloseable {

  public static final String OWNER = "orchestrate_owner";
  public static final String OWNER_PASSWORD = "owner-pw";

  private final EmbeddedPostgres postgres;

  private ExternalPostgres(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static ExternalPostgres start() {
    try {
      var started = new ExternalPostgres(EmbeddedPostgres.builder().start());
      started.execute(
          "CREATE ROLE " + OWNER + " LOGIN PASSWORD '" + OWNER_PASSWORD + "' CREATEROLE");
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates a database owned by {@link #OWNER}; answers its JDBC URL. */
  public String createDatabase(String name) {
    execute("CREATE DATABASE " + name + " OWNER " + OWNER);
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name;
  }

  /** The JDBC URL of {@code name} reached through another port (a {@link TcpProxy}'s). */
  public static String urlVia(int port, String name) {
    return "jdbc:postgresql://localhost:" + port + "/" + name;
  }

  public int port() {
    return postgres.getPort();
  }

  /** The settings that point a service process at {@code url} as the schema owner. */
  public static Map<String, String> settings(String url) {
    return Map.of(
        "orchestrate.database.url", url,
        "orchestrate.database.username", OWNER,
        "orchestrate.database.password", OWNER_PASSWORD);
  }

  /** Ends every session on database {@code name}, as a PostgreSQL restart or failover does. */
  public void terminateConnections(String name) {
    execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
            + name
            + "' AND pid <> pg_backend_pid()");
  }

  private void execute(String sql) {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
