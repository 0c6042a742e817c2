package dev.orchestrate.auth;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.workspace.User;
import dev.orchestrate.workspace.Users;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The people who run the deployment rather than a workspace ({@code ORCHESTRATE_ADMIN_EMAILS}):
 * they may use {@code /api/admin/**}. A workspace role, even owner, gives no such right.
 */
@Component
public class DeploymentAdmins {

  private final Set<String> emails;
  private final Users users;
  private final Tenancy tenancy;

  DeploymentAdmins(AuthProperties properties, Users users, Tenancy tenancy) {
    this.emails =
        properties.adminEmails().stream().map(Users::normaliseEmail).collect(Collectors.toSet());
    this.users = users;
    this.tenancy = tenancy;
  }

  /**
   * Whether {@code userId}'s email, as stored (verified at sign-up or by its issuer), is listed.
   */
  public boolean isAdmin(UUID userId) {
    if (emails.isEmpty()) {
      return false;
    }
    return tenancy
        .inUserTransaction(userId, () -> users.findById(userId))
        .map(User::email)
        .map(Users::normaliseEmail)
        .filter(emails::contains)
        .isPresent();
  }
}
