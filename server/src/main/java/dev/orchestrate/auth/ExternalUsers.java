package dev.orchestrate.auth;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.workspace.User;
import dev.orchestrate.workspace.Users;
import dev.orchestrate.workspace.WorkspaceService;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The user an external issuer's verified identity stands for: matched by (issuer, subject), else by
 * verified email, else created with a personal workspace; the identity is linked to the user either
 * way. Bearer tokens from the issuer and the sign-in button's ID tokens both come here.
 */
@Component
class ExternalUsers {

  private final Users users;
  private final WorkspaceService workspaces;
  private final Tenancy tenancy;
  private final JdbcClient jdbc;

  ExternalUsers(Users users, WorkspaceService workspaces, Tenancy tenancy, JdbcClient jdbc) {
    this.users = users;
    this.workspaces = workspaces;
    this.tenancy = tenancy;
    this.jdbc = jdbc;
  }

  /**
   * The user's id; the caller has checked the token's signature and that its email is verified.
   *
   * @param locale the language a new user's personal workspace is named in
   */
  UUID resolve(String issuer, String subject, String email, String name, Locale locale) {
    var linked = tenancy.inSystemTransaction("external sign-in", () -> linkedUser(issuer, subject));
    if (linked.isPresent()) {
      return linked.get();
    }
    UUID id =
        tenancy
            .inSystemTransaction("external sign-in", () -> users.findByEmail(email).map(User::id))
            .orElseGet(() -> workspaces.provisionExternalUser(email, name, locale).user().id());
    tenancy.inSystemTransaction(
        "link external identity",
        () ->
            jdbc.sql(
                    """
                    INSERT INTO external_identities (issuer, subject, user_id) VALUES (?, ?, ?)
                    ON CONFLICT (issuer, subject) DO NOTHING
                    """)
                .params(issuer, subject, id)
                .update());
    return id;
  }

  private Optional<UUID> linkedUser(String issuer, String subject) {
    return jdbc.sql("SELECT user_id FROM external_identities WHERE issuer = ? AND subject = ?")
        .params(issuer, subject)
        .query(UUID.class)
        .optional();
  }
}
