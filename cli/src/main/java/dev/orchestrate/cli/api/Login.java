package dev.orchestrate.cli.api;

/** One server's sign-in as kept in the config file: who, their token, their default workspace. */
public record Login(String email, String token, String workspaceId, String workspaceSlug) {

  public Login withWorkspace(String id, String slug) {
    return new Login(email, token, id, slug);
  }
}
