package dev.orchestrate.billing;

import dev.orchestrate.workspace.WorkspaceCreated;
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
  private final Credits credits;
  private final BillingProperties properties;

  CreditAccounts(JdbcClient jdbc, Credits credits, BillingProperties properties) {
    this.jdbc = jdbc;
    this.credits = credits;
    this.properties = properties;
  }

  @EventListener
  void open(WorkspaceCreated created) {
    jdbc.sql("INSERT INTO credit_accounts (workspace_id) VALUES (?)")
        .param(created.workspaceId())
        .update();
    if (created.origin() == WorkspaceCreated.Origin.SIGN_UP
        && properties.signupCredits().signum() > 0) {
      credits.grant(
          created.workspaceId(),
          properties.signupCredits(),
          new Reference("signup", created.ownerId().toString(), "가입 축하 크레딧 (sign-up grant)"),
          "signup-grant",
          created.ownerId());
    }
  }
}
