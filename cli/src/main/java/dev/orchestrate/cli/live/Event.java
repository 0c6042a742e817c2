package dev.orchestrate.cli.live;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An execution event of {@code events.md}, read from its JSON. Types this CLI does not know yet
 * become {@link Unknown}, so a newer server never breaks an older CLI.
 */
public sealed interface Event {

  long seq();

  record ExecutionStart(long seq, Instant ts) implements Event {}

  record StepStart(long seq, String nodeId, String label, int attempt) implements Event {}

  record AgentStreaming(long seq, String nodeId, String agentSlug, String chunk) implements Event {}

  record ToolCall(long seq, String nodeId, String mcp, String tool, String status, Long durationMs)
      implements Event {}

  record StepComplete(long seq, String nodeId, String label, long durationMs, BigDecimal cost)
      implements Event {}

  record StepFailed(
      long seq, String nodeId, String label, int attempt, Failure error, boolean willRetry)
      implements Event {}

  record StepSkipped(long seq, String nodeId, String label) implements Event {}

  /**
   * A decision the run waits for: a human gate's, or a larger budget ({@code kind: "budget"}, then
   * {@code shortfall} says what was spent of which budget and what the next step needs).
   */
  record ApprovalRequired(
      long seq,
      String nodeId,
      String label,
      String message,
      List<String> approvers,
      Shortfall shortfall)
      implements Event {

    /** A human gate's approval. */
    public ApprovalRequired(
        long seq, String nodeId, String label, String message, List<String> approvers) {
      this(seq, nodeId, label, message, approvers, null);
    }

    public boolean isBudget() {
      return shortfall != null;
    }

    /**
     * From an {@code approval_required} event or an entry of the execution's {@code
     * pending_approvals}, which carry the same fields.
     */
    public static ApprovalRequired of(long seq, JsonNode e) {
      String node = e.path("node_id").asString("");
      Shortfall shortfall =
          "budget".equals(e.path("kind").asString(""))
              ? new Shortfall(money(e, "spent"), nullableMoney(e, "budget"), money(e, "needed"))
              : null;
      return new ApprovalRequired(
          seq,
          node,
          e.path("label").asString(node),
          e.path("message").asString(""),
          strings(e.path("approvers")),
          shortfall);
    }
  }

  /**
   * Why a run waits for a larger budget: it has spent {@code spent} of {@code budget} (null if the
   * server did not say), and the next step may cost up to {@code needed}.
   */
  record Shortfall(BigDecimal spent, BigDecimal budget, BigDecimal needed) {

    /**
     * The smallest budget under which the waiting step can run: what was spent and what it needs.
     */
    public BigDecimal enough() {
      return spent.add(needed);
    }
  }

  /**
   * Someone decided an approval. For a budget approval ({@code kind: "budget"}) "approved" means
   * the budget was raised, to {@code raisedTo}; "rejected" that the run ends there.
   */
  record ApprovalResolved(
      long seq,
      String nodeId,
      String kind,
      String decision,
      String by,
      String comment,
      BigDecimal raisedTo)
      implements Event {

    /** A human gate's decision. */
    public ApprovalResolved(long seq, String nodeId, String decision, String by, String comment) {
      this(seq, nodeId, "gate", decision, by, comment, null);
    }

    public boolean isBudget() {
      return "budget".equals(kind);
    }
  }

  record CreditsCharged(long seq, String nodeId, BigDecimal amount, BigDecimal balance)
      implements Event {}

  record ExecutionComplete(
      long seq, String status, BigDecimal totalCost, long durationMs, Failure error)
      implements Event {}

  record Unknown(long seq, String type) implements Event {}

  /** An error as events carry it: {@code {code, message}}. */
  record Failure(String code, String message) {
    static Failure of(JsonNode node) {
      if (node == null || !node.isObject()) {
        return null;
      }
      return new Failure(node.path("code").asString(""), node.path("message").asString(""));
    }

    @Override
    public String toString() {
      return code.isEmpty() ? message : code + ": " + message;
    }
  }

  static Event of(JsonNode e) {
    long seq = e.path("seq").asLong(0);
    String node = e.path("node_id").asString("");
    String label = e.path("label").asString(node);
    return switch (e.path("type").asString("")) {
      case "execution_start" -> new ExecutionStart(seq, instant(e.path("ts").asString("")));
      case "step_start" -> new StepStart(seq, node, label, e.path("attempt").asInt(1));
      case "agent_streaming" ->
          new AgentStreaming(
              seq, node, e.path("agent_slug").asString(""), e.path("chunk").asString(""));
      case "tool_call" ->
          new ToolCall(
              seq,
              node,
              e.path("mcp").asString(""),
              e.path("tool").asString(""),
              e.path("status").asString(""),
              e.hasNonNull("duration_ms") ? e.get("duration_ms").asLong() : null);
      case "step_complete" ->
          new StepComplete(seq, node, label, e.path("duration_ms").asLong(0), money(e, "cost"));
      case "step_failed" ->
          new StepFailed(
              seq,
              node,
              label,
              e.path("attempt").asInt(1),
              Failure.of(e.get("error")),
              e.path("will_retry").asBoolean(false));
      case "step_skipped" -> new StepSkipped(seq, node, label);
      case "approval_required" -> ApprovalRequired.of(seq, e);
      case "approval_resolved" ->
          new ApprovalResolved(
              seq,
              node,
              e.path("kind").asString("gate"),
              e.path("decision").asString(""),
              e.hasNonNull("by") ? e.get("by").asString() : null,
              e.hasNonNull("comment") ? e.get("comment").asString() : null,
              nullableMoney(e, "budget"));
      case "credits_charged" ->
          new CreditsCharged(seq, node, money(e, "amount"), money(e, "balance"));
      case "execution_complete" ->
          new ExecutionComplete(
              seq,
              e.path("status").asString(""),
              money(e, "total_cost"),
              e.path("duration_ms").asLong(0),
              Failure.of(e.get("error")));
      default -> new Unknown(seq, e.path("type").asString(""));
    };
  }

  private static Instant instant(String text) {
    try {
      return text.isEmpty() ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static BigDecimal money(JsonNode e, String field) {
    JsonNode value = e.get(field);
    return value != null && value.isNumber() ? value.decimalValue() : BigDecimal.ZERO;
  }

  private static BigDecimal nullableMoney(JsonNode e, String field) {
    JsonNode value = e.get(field);
    return value != null && value.isNumber() ? value.decimalValue() : null;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asString()));
    return List.copyOf(out);
  }
}
