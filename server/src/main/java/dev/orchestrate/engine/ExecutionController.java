package dev.orchestrate.engine;

import dev.orchestrate.common.Money;
import dev.orchestrate.common.OrchestrateException;
import dev.orchestrate.common.PageCursor;
import dev.orchestrate.common.Validation;
import dev.orchestrate.engine.ExecutionViews.ExecutionView;
import dev.orchestrate.engine.ExecutionViews.Started;
import dev.orchestrate.pipeline.graph.GraphDefinition;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The orchestration rows of the contract. */
@RestController
class ExecutionController {

  private final ExecutionService executions;

  ExecutionController(ExecutionService executions) {
    this.executions = executions;
  }

  @PostMapping("/orchestrate/pipeline/start")
  ResponseEntity<Started> start(
      @RequestBody StartRequest body,
      @RequestHeader(name = "Idempotency-Key", required = false) String headerKey,
      HttpServletRequest request) {
    if (body.pipelineId() == null) {
      throw OrchestrateException.invalid("pipeline_id", "is required");
    }
    String key = body.idempotencyKey() != null ? body.idempotencyKey() : headerKey;
    if (key != null && (key.isBlank() || key.length() > 200)) {
      throw OrchestrateException.invalid("idempotency_key", "must be 1 to 200 characters");
    }
    if (body.budget() != null) {
      checkBudget(body.budget());
    }
    if (body.pipelineVersion() != null && body.pipelineVersion() < 1) {
      throw OrchestrateException.invalid("pipeline_version", "must be 1 or more");
    }
    var start =
        executions.start(
            body.pipelineId(), body.input(), body.budget(), body.pipelineVersion(), key);
    var row = start.execution();
    var started = new Started(row.id(), row.status().wire(), wsUrl(request, row.id()));
    return ResponseEntity.status(start.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
        .body(started);
  }

  @GetMapping("/orchestrate/executions/{executionId}")
  ExecutionView get(@PathVariable UUID executionId) {
    return executions.get(executionId);
  }

  @GetMapping("/api/workspaces/{workspaceId}/executions")
  ResponseEntity<List<ExecutionView>> list(
      @PathVariable UUID workspaceId,
      @RequestParam(name = "pipeline_id", required = false) UUID pipelineId,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "50") int limit,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    var v = new Validation();
    v.check(limit >= 1 && limit <= 200, "limit", "must be between 1 and 200");
    // One status, or several separated by commas (the approvals inbox asks for running and
    // awaiting_approval at once: a gate is asked for a moment before its run is parked).
    List<String> statuses = status == null ? List.of() : List.of(status.split(",", -1));
    for (String one : statuses) {
      try {
        ExecutionStatus.of(one);
      } catch (IllegalArgumentException e) {
        v.add("status", "is not an execution status (or a comma-separated list of them)");
        break;
      }
    }
    Instant since = instant(v, "from", from);
    Instant until = instant(v, "to", to);
    v.check(since == null || until == null || since.isBefore(until), "to", "must be after from");
    v.throwIfInvalid();
    PageCursor before = cursor == null ? null : PageCursor.decode(cursor);
    var page =
        executions.list(
            new ExecutionFilter(workspaceId, pipelineId, statuses, since, until),
            limit,
            before == null ? null : before.createdAt(),
            before == null ? null : before.id());
    var response = ResponseEntity.ok();
    if (page.size() == limit) {
      var last = page.getLast();
      response.header("X-Next-Cursor", new PageCursor(last.createdAt(), last.id()).encode());
    }
    return response.body(page);
  }

  @PostMapping("/orchestrate/executions/{executionId}/approve")
  ExecutionView approve(@PathVariable UUID executionId, @RequestBody Decision body) {
    return executions.decide(executionId, body.requiredNode(), true, body.comment());
  }

  @PostMapping("/orchestrate/executions/{executionId}/reject")
  ExecutionView reject(@PathVariable UUID executionId, @RequestBody Decision body) {
    return executions.decide(executionId, body.requiredNode(), false, body.comment());
  }

  @PostMapping("/orchestrate/executions/{executionId}/cancel")
  ResponseEntity<ExecutionView> cancel(@PathVariable UUID executionId) {
    return ResponseEntity.accepted().body(executions.cancel(executionId));
  }

  @PostMapping("/orchestrate/executions/{executionId}/retry")
  ResponseEntity<ExecutionView> retry(@PathVariable UUID executionId) {
    return ResponseEntity.accepted().body(executions.retry(executionId));
  }

  /** Raises the budget of an execution that waits for one (owner or admin). */
  @PostMapping("/orchestrate/executions/{executionId}/budget")
  ExecutionView raiseBudget(@PathVariable UUID executionId, @RequestBody BudgetRequest body) {
    if (body.budget() == null) {
      throw OrchestrateException.invalid("budget", "is required");
    }
    checkBudget(body.budget());
    return executions.raiseBudget(executionId, body.budget());
  }

  /**
   * A bound of the list's date range (on when each execution was created): an ISO-8601 instant with
   * its offset, e.g. {@code 2026-11-28T00:00:00Z} or {@code 2026-11-28T00:00:00+09:00}.
   */
  private static Instant instant(Validation v, String name, String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      v.add(name, "must be an ISO-8601 instant with an offset, like 2026-11-28T00:00:00Z");
      return null;
    }
  }

  /** A budget is an amount of credits like any other: positive, at most four decimals. */
  private static void checkBudget(BigDecimal budget) {
    var v = new Validation();
    v.check(budget.signum() > 0, "budget", "must be positive");
    v.check(
        budget.stripTrailingZeros().scale() <= Money.SCALE,
        "budget",
        "must have at most 4 decimals");
    v.check(
        budget.compareTo(GraphDefinition.MAX_BUDGET) <= 0,
        "budget",
        "must be at most " + GraphDefinition.MAX_BUDGET.toPlainString());
    v.throwIfInvalid();
  }

  /** Where to watch the execution live, on the host the caller used. */
  private static String wsUrl(HttpServletRequest request, UUID id) {
    String scheme = "https".equals(request.getScheme()) ? "wss" : "ws";
    String host =
        request.getHeader("Host") != null
            ? request.getHeader("Host")
            : request.getServerName() + ":" + request.getServerPort();
    return scheme + "://" + host + "/ws/execution/" + id;
  }

  record StartRequest(
      UUID pipelineId,
      JsonNode input,
      BigDecimal budget,
      Integer pipelineVersion,
      String idempotencyKey) {}

  record BudgetRequest(BigDecimal budget) {}

  record Decision(String nodeId, String comment) {
    String requiredNode() {
      if (nodeId == null || nodeId.isBlank()) {
        throw OrchestrateException.invalid("node_id", "is required");
      }
      if (comment != null && comment.length() > 2000) {
        throw OrchestrateException.invalid("comment", "must be at most 2000 characters");
      }
      return nodeId;
    }
  }
}
