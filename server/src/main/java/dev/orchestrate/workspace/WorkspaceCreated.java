package dev.orchestrate.workspace;

import java.util.UUID;

/**
 * A workspace was created, published inside the creating transaction so that listeners (demo
 * content, the sign-up grant) commit or roll back with it.
 */
public record WorkspaceCreated(UUID workspaceId, UUID ownerId, Origin origin) {

  /** Why the workspace exists. */
  public enum Origin {
    /** The personal workspace made at sign-up: the only one that receives the sign-up grant. */
    SIGN_UP,
    /** Created later by a signed-in user. */
    CREATED
  }
}
