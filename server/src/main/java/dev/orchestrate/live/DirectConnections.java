package dev.orchestrate.live;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Connections of live delivery's own, opened with the driver from the pool's URL and credentials
 * (embedded or {@code ORCHESTRATE_DATABASE_URL} alike) but never taken from the pool: the listener
 * holds its connection for the life of the instance and the notifier uses its own all the time, so
 * either would otherwise cost every request one pool slot.
 */
@Component
class DirectConnections {

  /** How long a statement on these connections may wait for the server before it counts as lost. */
  private static final String SOCKET_TIMEOUT_SECONDS = "10";

  private final HikariDataSource pool;

  DirectConnections(DataSource dataSource) throws SQLException {
    this.pool =
        dataSource instanceof HikariDataSource hikari
            ? hikari
            : dataSource.unwrap(HikariDataSource.class);
  }

  /** A new connection, named {@code applicationName} in {@code pg_stat_activity}; autocommit. */
  Connection open(String applicationName) throws SQLException {
    var properties = new Properties();
    if (pool.getUsername() != null) {
      properties.setProperty("user", pool.getUsername());
    }
    if (pool.getPassword() != null) {
      properties.setProperty("password", pool.getPassword());
    }
    properties.setProperty("ApplicationName", applicationName);
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("socketTimeout", SOCKET_TIMEOUT_SECONDS);
    Connection connection = new org.postgresql.Driver().connect(pool.getJdbcUrl(), properties);
    if (connection == null) {
      throw new SQLException("Not a PostgreSQL URL: " + pool.getJdbcUrl());
    }
    String initSql = pool.getConnectionInitSql();
    if (initSql != null && !initSql.isBlank()) {
      try (Statement st = connection.createStatement()) {
        st.execute(initSql);
      } catch (SQLException e) {
        connection.close();
        throw e;
      }
    }
    return connection;
  }
}
