package dev.orchestrate.common;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Something that must leave a record in the audit log, published by the module where it happened
 * and recorded in the same transaction. Details describe the action; they never hold secret values
 * or passwords (the recorder redacts suspicious keys as a second line of defence).
 *
 * @param workspaceId the workspace whose chain records it; null for the service-wide chain
 * @param actorId who did it; null for the service itself (timeouts, the engine)
 */
public record AuditEvent(
    UUID workspaceId, UUID actorId, String category, String action, Map<String, Object> details) {

  public AuditEvent {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(action, "action");
    details = details == null ? Map.of() : details;
  }
}
