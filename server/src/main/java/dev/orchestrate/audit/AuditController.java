package dev.orchestrate.audit;

import dev.orchestrate.common.Validation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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

  /**
   * The next page's cursor is in {@code X-Next-Cursor} (the answer itself is the list). {@code
   * from} (included) and {@code to} (excluded) are instants with an offset that narrow the entries
   * to a time range.
   */
  @GetMapping
  ResponseEntity<List<AuditEntry>> list(
      @PathVariable UUID workspaceId,
      @RequestParam(required = false) String category,
      @RequestParam(required = false) String action,
      @RequestParam(defaultValue = "100") int limit,
      @RequestParam(required = false) Long cursor,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    var v = new Validation();
    v.check(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT);
    Instant start = instant(from, "from", v);
    Instant end = instant(to, "to", v);
    if (start != null && end != null) {
      v.check(start.isBefore(end), "to", "must be after from");
    }
    v.throwIfInvalid();
    AuditLog.Page page = audit.list(workspaceId, category, action, limit, cursor, start, end);
    var response = ResponseEntity.ok();
    if (page.nextCursor() != null) {
      response.header("X-Next-Cursor", Long.toString(page.nextCursor()));
    }
    return response.body(page.entries());
  }

  private static Instant instant(String text, String path, Validation v) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      v.add(path, "must be an instant with an offset (2026-03-01T00:00:00Z)");
      return null;
    }
  }

  @GetMapping("/verify")
  ChainVerification verify(@PathVariable UUID workspaceId) {
    return audit.verify(workspaceId);
  }
}
