package dev.orchestrate.billing;

import dev.orchestrate.workspace.WorkspaceCreated;
import java.math.BigDecimal;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Opens every workspace's credit account, and grants the sign-up credits to the personal workspace
 * made at sign-up (only that one, so creating workspaces never mints credits).
 */
@Component
class CreditAccounts {

  private final JdbcClient jdbc;
  private final BillingProperties properties;

  CreditAccounts(JdbcClient jdbc, BillingProperties properties) {
    this.jdbc = jdbc;
    this.properties = properties;
  }

  @EventListener
  void open(WorkspaceCreated created) {
    jdbc.sql("INSERT INTO credit_accounts (workspace_id) VALUES (?)")
        .param(created.workspaceId())
        .update();
    if (created.origin() == WorkspaceCreated.Origin.SIGN_UP
        && properties.signupCredits().signum() > 0) {
      grant(
          created.workspaceId(),
          properties.signupCredits(),
          "가입 축하 크레딧 (sign-up grant)",
          created.ownerId());
    }
  }

  private void grant(UUID workspaceId, BigDecimal amount, String description, UUID by) {
    BigDecimal balance =
        jdbc.sql(
                """
                UPDATE credit_accounts SET balance = balance + ?, updated_at = now()
                WHERE workspace_id = ? RETURNING balance
                """)
            .params(amount, workspaceId)
            .query(BigDecimal.class)
            .single();
    jdbc.sql(
            """
            INSERT INTO credit_ledger (workspace_id, type, amount, balance_after, description,
                                       reference_id, reference_type, idempotency_key, created_by)
            VALUES (?, 'grant', ?, ?, ?, ?, 'signup', 'signup-grant', ?)
            """)
        .params(workspaceId, amount, balance, description, by.toString(), by)
        .update();
  }
}
