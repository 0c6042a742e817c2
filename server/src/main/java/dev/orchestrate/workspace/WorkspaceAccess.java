package dev.orchestrate.workspace;

import dev.orchestrate.common.OrchestrateException;
import dev.orchestrate.database.Tenancy;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Checks the caller's role in a workspace. A workspace the caller is not a member of answers
 * exactly like one that does not exist (404), so ids reveal nothing.
 */
@Component
public class WorkspaceAccess {

  private final Workspaces workspaces;

  WorkspaceAccess(Workspaces workspaces) {
    this.workspaces = workspaces;
  }

  /** Must run inside a transaction of the caller. */
  public Membership require(UUID workspaceId, Role required) {
    Membership membership =
        workspaces
            .membership(workspaceId, Tenancy.currentUserId())
            .orElseThrow(() -> OrchestrateException.notFound("Workspace"));
    if (!membership.role().atLeast(required)) {
      throw OrchestrateException.forbidden(
          "This needs the role '"
              + required.value()
              + "' or higher; you are '"
              + membership.role().value()
              + "'.");
    }
    return membership;
  }
}
