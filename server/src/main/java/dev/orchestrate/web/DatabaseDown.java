package dev.orchestrate.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a database that cannot be reached now (stopped, restarting, the network cut) from a bug:
 * the first is answered 503 with {@code Retry-After}, so that clients wait and try again instead of
 * taking a 500 as the end of their request.
 */
final class DatabaseDown {

  /** How long a client is asked to wait: about what a restarting PostgreSQL takes. */
  static final String RETRY_AFTER_SECONDS = "5";

  static final String DETAIL = "The database cannot be reached just now; try again shortly.";

  private DatabaseDown() {}

  static boolean is(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      // A commit or rollback that failed at the JDBC level: its connection is gone (a rollback
      // after a cut connection fails with Hikari's "Connection is closed", which has no SQLState).
      if (t instanceof CannotGetJdbcConnectionException
          || t instanceof CannotCreateTransactionException
          || t instanceof TransactionSystemException
          || t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
      // Class 08 is a connection failure; 57P01-57P03 a server shutting down or starting up.
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
        return true;
      }
    }
    return false;
  }
}
