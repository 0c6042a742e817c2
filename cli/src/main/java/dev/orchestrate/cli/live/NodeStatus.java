package dev.orchestrate.cli.live;

/** A node's place in the run as the live view shows it, each with its icon (all two columns). */
public enum NodeStatus {
  PENDING("⬜"),
  RUNNING("⏳"),
  COMPLETED("✅"),
  FAILED("❌"),
  RETRYING("🔁"),
  SKIPPED("➖"),
  AWAITING_APPROVAL("✋"),
  AWAITING_BUDGET("💰"),
  APPROVED("✅"),
  REJECTED("⛔");

  private final String icon;

  NodeStatus(String icon) {
    this.icon = icon;
  }

  public String icon() {
    return icon;
  }

  /**
   * A step status of the contract ({@code pending}, {@code running}, …). A step waiting for a
   * budget is {@code awaiting_approval} too: only the execution's pending approvals tell.
   */
  public static NodeStatus ofStep(String status) {
    return switch (status) {
      case "running" -> RUNNING;
      case "completed" -> COMPLETED;
      case "failed" -> FAILED;
      case "skipped" -> SKIPPED;
      case "awaiting_approval" -> AWAITING_APPROVAL;
      case "rejected" -> REJECTED;
      default -> PENDING;
    };
  }
}
