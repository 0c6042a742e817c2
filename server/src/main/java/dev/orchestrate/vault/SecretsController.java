package dev.orchestrate.vault;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.orchestrate.common.Validation;
import dev.orchestrate.database.Tenancy;
import dev.orchestrate.workspace.Role;
import dev.orchestrate.workspace.WorkspaceAccess;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * A workspace's secrets: owners and admins write and delete them, every member sees their names and
 * versions, and nobody gets a value back.
 */
@RestController
@RequestMapping("/api/workspaces/{workspaceId}/secrets")
class SecretsController {

  /** The largest value, in bytes of UTF-8: keys, tokens and service-account files fit. */
  static final int MAX_VALUE_BYTES = 64 * 1024;

  private final Vault vault;
  private final WorkspaceAccess access;

  SecretsController(Vault vault, WorkspaceAccess access) {
    this.vault = vault;
    this.access = access;
  }

  @GetMapping
  @Transactional(readOnly = true)
  List<SecretInfo> list(@PathVariable UUID workspaceId) {
    access.require(workspaceId, Role.VIEWER);
    return vault.list(workspaceId);
  }

  @PutMapping("/{name}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Transactional
  void put(
      @PathVariable UUID workspaceId, @PathVariable String name, @RequestBody SecretBody body) {
    access.require(workspaceId, Role.ADMIN);
    var v = new Validation();
    checkName(v, name);
    JsonNode value = body.value();
    if (value == null || value.isNull() || value.isMissingNode()) {
      v.add("value", "is required");
    } else if (!value.isString()) {
      v.add("value", "must be a string");
    } else {
      String text = value.asString();
      v.check(!text.isEmpty(), "value", "must not be empty");
      v.check(
          text.getBytes(UTF_8).length <= MAX_VALUE_BYTES,
          "value",
          "must be at most " + MAX_VALUE_BYTES + " bytes (UTF-8)");
    }
    v.throwIfInvalid();
    vault.put(workspaceId, name, value.asString(), Tenancy.currentUserId());
  }

  @DeleteMapping("/{name}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Transactional
  void delete(@PathVariable UUID workspaceId, @PathVariable String name) {
    access.require(workspaceId, Role.ADMIN);
    var v = new Validation();
    checkName(v, name);
    v.throwIfInvalid();
    vault.delete(workspaceId, name, Tenancy.currentUserId());
  }

  private static void checkName(Validation v, String name) {
    v.check(SecretNames.valid(name), "name", SecretNames.RULE);
  }

  /**
   * The contract's body, {@code {value}}; read as JSON so that a number or an object is refused
   * rather than turned into text. Its {@code toString} never shows the value.
   */
  record SecretBody(JsonNode value) {
    @Override
    public String toString() {
      return "SecretBody[value=<redacted>]";
    }
  }
}
