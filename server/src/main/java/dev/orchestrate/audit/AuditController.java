package dev.orchestrate.audit;

import dev.orchestrate.common.OrchestrateException;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A workspace's audit log and its verification. */
@RestController
@RequestMapping("/api/workspaces/{workspaceId}/audit-logs")
class AuditController {

  private static final int MAX_LIMIT = 500;

  private final AuditLog audit;

  AuditController(AuditLog audit) {
    this.audit = audit;
  }

  /** The next page's cursor is in {@code X-Next-Cursor} (the answer itself is the list). */
  @GetMapping
  ResponseEntity<List<AuditEntry>> list(
      @PathVariable UUID workspaceId,
      @RequestParam(required = false) String category,
      @RequestParam(required = false) String action,
      @RequestParam(defaultValue = "100") int limit,
      @RequestParam(required = false) Long cursor) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw OrchestrateException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
    }
    List<AuditEntry> entries = audit.list(workspaceId, category, action, limit, cursor);
    var response = ResponseEntity.ok();
    if (entries.size() == limit) {
      response.header("X-Next-Cursor", Long.toString(entries.getLast().seq()));
    }
    return response.body(entries);
  }

  @GetMapping("/verify")
  ChainVerification verify(@PathVariable UUID workspaceId) {
    return audit.verify(workspaceId);
  }
}
