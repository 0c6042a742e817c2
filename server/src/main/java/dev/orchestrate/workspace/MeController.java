package dev.orchestrate.workspace;

import dev.orchestrate.common.OrchestrateException;
import dev.orchestrate.database.Tenancy;
import java.util.List;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the caller is and where they belong. */
@RestController
class MeController {

  private final Users users;
  private final Workspaces workspaces;

  MeController(Users users, Workspaces workspaces) {
    this.users = users;
    this.workspaces = workspaces;
  }

  @GetMapping("/api/me")
  @Transactional(readOnly = true)
  Me me() {
    UUID userId = Tenancy.currentUserId();
    User user =
        users.findById(userId).orElseThrow(() -> OrchestrateException.unauthorized("Unknown user"));
    return new Me(user, workspaces.forUser(userId));
  }

  record Me(User user, List<WorkspaceSummary> workspaces) {}
}
