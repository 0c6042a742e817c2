package dev.orchestrate.cli;

import dev.orchestrate.cli.text.Messages;
import tools.jackson.databind.JsonNode;

/** An execution status with its icon and its name in the user's language. */
final class Statuses {

  private Statuses() {}

  static String icon(String status) {
    return switch (status) {
      case "completed" -> "✅";
      case "failed" -> "❌";
      case "running" -> "⏳";
      case "awaiting_approval" -> "✋";
      case "rejected" -> "⛔";
      case "cancelled" -> "🚫";
      default -> "⬜";
    };
  }

  static String describe(String status, Messages messages) {
    String key = "status." + status;
    return icon(status) + " " + (messages.has(key) ? messages.get(key) : status);
  }

  /**
   * The status of an execution view: one that waits only for larger budgets says so rather than
   * "awaiting approval", since nobody approves it (the list's views carry no pending approvals).
   */
  static String describe(JsonNode execution, Messages messages) {
    String status = execution.path("status").asString("");
    JsonNode pending = execution.path("pending_approvals");
    boolean budgetsOnly = "awaiting_approval".equals(status) && !pending.isEmpty();
    for (JsonNode approval : pending) {
      budgetsOnly &= "budget".equals(approval.path("kind").asString(""));
    }
    return budgetsOnly
        ? "💰 " + messages.get("status.awaiting_budget")
        : describe(status, messages);
  }

  static boolean isFinal(String status) {
    return switch (status) {
      case "completed", "failed", "rejected", "cancelled" -> true;
      default -> false;
    };
  }
}
