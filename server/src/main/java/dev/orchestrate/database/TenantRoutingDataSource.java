package dev.orchestrate.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.jdbc.datasource.AbstractDataSource;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The service's one {@link javax.sql.DataSource}, over two pools: work done as {@link
 * Tenant.System} takes its connections from a pool whose sessions are born acting for the service
 * ({@code orchestrate.system = on}), so that the engine's transactions (one a step) spend no round
 * trip on {@code set_config}; everything else (a request's tenant, or no tenant at all) takes them
 * from the tenant pool, whose sessions carry no rights until a transaction names its tenant. The
 * choice is made by the thread's tenant when the connection is taken, which is when a transaction
 * begins.
 */
final class TenantRoutingDataSource extends AbstractDataSource implements AutoCloseable {

  private final DataSource tenantPool;
  private final DataSource systemPool;

  /**
   * The system pool's physical connections, so that the transaction manager can tell them apart
   * whatever path handed one out (weak: the pool retires connections).
   */
  private final Set<PGConnection> systemConnections =
      Collections.newSetFromMap(Collections.synchronizedMap(new WeakHashMap<>()));

  TenantRoutingDataSource(DataSource tenantPool, DataSource systemPool) {
    this.tenantPool = tenantPool;
    this.systemPool = systemPool;
  }

  /**
   * The engine's own threads take system connections from the system pool; system work a request
   * does on its way (the token check's user lookup, login, sign-up) takes them from the tenant
   * pool, whose transactions then set {@code orchestrate.system} themselves: requests keep their
   * pool and its short timeout (503 past it) however busy the engine is, and the engine's work
   * waits its turn rather than fail.
   */
  @Override
  public Connection getConnection() throws SQLException {
    if (Tenancy.current().orElse(null) instanceof Tenant.System
        && RequestContextHolder.getRequestAttributes() == null) {
      Connection connection = systemPool.getConnection();
      systemConnections.add(connection.unwrap(PGConnection.class));
      return connection;
    }
    return tenantPool.getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLException("The service's pools log in with their own credentials");
  }

  /** Whether {@code connection} came from the system pool: its session acts for the service. */
  boolean fromSystemPool(Connection connection) throws SQLException {
    return systemConnections.contains(connection.unwrap(PGConnection.class));
  }

  /**
   * The tenant pool answers for the pair (its URL and credentials serve live's own connections).
   */
  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    return tenantPool.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || tenantPool.isWrapperFor(iface);
  }

  @Override
  public void close() throws Exception {
    if (systemPool instanceof AutoCloseable closeable) {
      closeable.close(); // the tenant pool is a bean of its own, closed as one
    }
  }
}
