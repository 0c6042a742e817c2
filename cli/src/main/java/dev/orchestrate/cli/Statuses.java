package dev.orchestrate.cli;

import dev.orchestrate.cli.text.Messages;

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

  static boolean isFinal(String status) {
    return switch (status) {
      case "completed", "failed", "rejected", "cancelled" -> true;
      default -> false;
    };
  }
}
