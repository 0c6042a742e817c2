package dev.orchestrate.vault;

import java.util.Objects;
import java.util.UUID;

/**
 * Where one secret version lives: what its ciphertext and wrapped data key are bound to, so that
 * neither opens anywhere else.
 */
record SecretSlot(UUID workspaceId, String name, int version) {

  SecretSlot {
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(name, "name");
  }
}
