package dev.orchestrate.vault;

/**
 * A stored secret version does not decrypt with the master key it names: its bytes were altered, or
 * copied from another row, version, name or workspace. Never a wrong guess by a caller; a fault of
 * the data, reported with where it is and nothing of what it holds.
 */
class UndecryptableSecretException extends RuntimeException {

  UndecryptableSecretException(SecretSlot slot, String what) {
    super(
        "Secret '"
            + slot.name()
            + "' version "
            + slot.version()
            + " of workspace "
            + slot.workspaceId()
            + " does not decrypt: "
            + what
            + " was altered or belongs to another secret.");
  }
}
