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
 */
class TenantAwareTransactionManager extends JdbcTransactionManager {

  TenantAwareTransactionManager(DataSource dataSource) {
    super(dataSource);
  }

  @Override
  protected void prepareTransactionalConnection(Connection con, TransactionDefinition definition)
      throws SQLException {
    super.prepareTransactionalConnection(con, definition);
    Tenant tenant = Tenancy.current().orElse(null);
    switch (tenant) {
      case null -> {}
      case Tenant.User user -> {
        try (PreparedStatement st = con.prepareStatement("SELECT orchestrate_enter_user(?)")) {
          st.setObject(1, user.userId());
          st.execute();
        }
      }
      case Tenant.System system -> {
        try (PreparedStatement st =
            con.prepareStatement("SELECT set_config('orchestrate.system', 'on', true)")) {
          st.execute();
        }
      }
    }
  }
}
