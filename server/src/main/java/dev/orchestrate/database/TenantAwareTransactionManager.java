package dev.orchestrate.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Starts every transaction by telling PostgreSQL whom it acts for. The settings are
 * transaction-local ({@code set_config(..., true)}), so a pooled connection never carries one
 * caller's rights into the next; a transaction with no tenant sees no tenant rows at all.
 *
 * <p>A connection of the system pool ({@link TenantRoutingDataSource}) already acts for the service
 * from its session on: a system transaction there says nothing (one round trip fewer for each of
 * the engine's steps), and any other transaction that ever got one switches that off first.
 */
class TenantAwareTransactionManager extends JdbcTransactionManager {

  private final TenantRoutingDataSource routing;

  TenantAwareTransactionManager(DataSource dataSource) {
    super(dataSource);
    this.routing = dataSource instanceof TenantRoutingDataSource r ? r : null;
  }

  @Override
  protected void prepareTransactionalConnection(Connection con, TransactionDefinition definition)
      throws SQLException {
    super.prepareTransactionalConnection(con, definition);
    Tenant tenant = Tenancy.current().orElse(null);
    boolean systemSession = routing != null && routing.fromSystemPool(con);
    switch (tenant) {
      case null -> {
        if (systemSession) {
          execute(con, "SELECT set_config('orchestrate.system', 'off', true)");
        }
      }
      case Tenant.User user -> {
        String sql =
            systemSession
                ? "SELECT orchestrate_enter_user(?), set_config('orchestrate.system', 'off', true)"
                : "SELECT orchestrate_enter_user(?)";
        try (PreparedStatement st = con.prepareStatement(sql)) {
          st.setObject(1, user.userId());
          st.execute();
        }
      }
      case Tenant.System system -> {
        if (!systemSession) {
          execute(con, "SELECT set_config('orchestrate.system', 'on', true)");
        }
      }
    }
  }

  private static void execute(Connection con, String sql) throws SQLException {
    try (PreparedStatement st = con.prepareStatement(sql)) {
      st.execute();
    }
  }
}
