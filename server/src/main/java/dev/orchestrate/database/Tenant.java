package dev.orchestrate.database;

import java.util.Objects;
import java.util.UUID;

/**
 * Who a transaction acts for. Row-level security in PostgreSQL lets a transaction see only the rows
 * its tenant may see, so a query that forgets its {@code WHERE workspace_id} still leaks nothing.
 */
public sealed interface Tenant {

  /** A signed-in person: sees the workspaces they are a member of. */
  record User(UUID userId) implements Tenant {
    public User {
      Objects.requireNonNull(userId, "userId");
    }
  }

  /**
   * The service itself, for work that crosses workspaces on purpose: sign-up and login before a
   * membership exists, provisioning a workspace, claiming executions. Every use names its reason.
   */
  record System(String reason) implements Tenant {
    public System {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
