package dev.orchestrate.cli.live;

import dev.orchestrate.cli.text.Formats;
import dev.orchestrate.cli.text.Messages;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The live view's words in the user's language, shared by the plain and the terminal view. */
public final class ViewText {

  private final Messages messages;

  public ViewText(Messages messages) {
    this.messages = messages;
  }

  public Messages messages() {
    return messages;
  }

  /** {@code ✅ 입력 검증 (120ms)}, {@code ⏳ 적합성 분석 중...}, {@code ⬜ 서류 생성}. */
  public String node(NodeLine n) {
    String icon = n.status().icon() + " ";
    return switch (n.status()) {
      case PENDING -> icon + n.label();
      case RUNNING ->
          icon
              + messages.get(
                  "view.running", n.label(), n.attempt() > 1 ? attempt(n.attempt()) : "");
      case COMPLETED -> icon + n.label() + " (" + costly(n.durationMs(), n.cost()) + ")";
      case FAILED -> icon + n.label() + ": " + failure(n.error());
      case RETRYING -> icon + messages.get("view.retrying", n.label(), failure(n.error()));
      case SKIPPED -> icon + messages.get("view.skipped", n.label());
      case AWAITING_APPROVAL -> icon + messages.get("view.awaiting", n.label());
      case AWAITING_BUDGET -> icon + messages.get("view.awaiting_budget", n.label());
      case APPROVED -> icon + messages.get("view.approved_node", n.label());
      case REJECTED -> icon + messages.get("view.rejected_node", n.label());
    };
  }

  private String attempt(int attempt) {
    return " " + messages.get("view.attempt", attempt);
  }

  private static String costly(Long millis, BigDecimal cost) {
    String time = Formats.duration(millis == null ? 0 : millis);
    return cost == null || cost.signum() == 0 ? time : time + ", " + Formats.won(cost);
  }

  private String failure(Event.Failure error) {
    return error == null ? messages.get("view.failed") : error.toString();
  }

  /** {@code 총 비용: ₩150 | 소요시간: 12.5초}. */
  public String summary(BigDecimal cost, long elapsedMs) {
    return messages.get("view.summary", Formats.won(cost), elapsed(elapsedMs));
  }

  /** {@code 12.5초}, {@code 1분 5초}, {@code 12.5s}: the monitor's elapsed time. */
  public String elapsed(long millis) {
    long seconds = millis / 1000;
    if (seconds < 60) {
      return messages.get("view.seconds", Formats.tenths(millis));
    }
    if (seconds < 3600) {
      return messages.get("view.minutes", seconds / 60, seconds % 60);
    }
    return messages.get("view.hours", seconds / 3600, seconds % 3600 / 60);
  }

  /** The last line: how the run ended. */
  public String result(RunState state) {
    String status = state.status();
    return switch (status) {
      case "completed" -> "✅ " + messages.get("view.result.completed");
      case "failed" -> "❌ " + messages.get("view.result.failed", failure(state.error()));
      case "rejected" -> "⛔ " + messages.get("view.result.rejected");
      case "cancelled" -> "🚫 " + messages.get("view.result.cancelled");
      case "awaiting_approval" ->
          state.waiting() != null && state.waiting().isBudget()
              ? "💰 " + messages.get("view.result.waiting_budget")
              : "✋ " + messages.get("view.result.waiting");
      default -> status;
    };
  }

  /** {@code optimist │ 분석 결과...}: a line an agent wrote. */
  public static String streamed(Transcript.Line line) {
    return "   " + line.agent() + " │ " + line.text();
  }

  public String tool(Event.ToolCall call) {
    String duration =
        call.durationMs() == null ? "" : " (" + Formats.duration(call.durationMs()) + ")";
    String key = "failed".equals(call.status()) ? "view.tool.failed" : "view.tool.done";
    return "   🔧 " + messages.get(key, call.mcp() + "." + call.tool()) + duration;
  }

  public String resolved(Event.ApprovalResolved resolved, String label) {
    String comment =
        resolved.comment() == null || resolved.comment().isBlank()
            ? ""
            : messages.get("view.comment", resolved.comment());
    if (resolved.isBudget()) {
      return "approved".equals(resolved.decision())
          ? "💰 " + messages.get("view.budget.raised", Formats.won(resolved.raisedTo()), label)
          : "⛔ " + messages.get("view.budget.refused", label) + comment;
    }
    if (resolved.by() == null) {
      return "⌛ " + messages.get("view.gate.timed_out", label);
    }
    return "approved".equals(resolved.decision())
        ? "👍 " + messages.get("view.gate.approved", label) + comment
        : "⛔ " + messages.get("view.gate.rejected", label) + comment;
  }

  /**
   * What to do at a waiting gate: who may decide (and whether that is the user), the first line of
   * the gate's message when asked for, and the two commands. A budget approval says what is short
   * instead, and how to raise the budget or stop.
   */
  public List<String> gate(
      Event.ApprovalRequired gate, String executionId, String myRole, boolean firstLine) {
    if (gate.isBudget()) {
      return budget(gate, executionId, myRole);
    }
    List<String> lines = new ArrayList<>();
    String roles = String.join(messages.get("view.or"), gate.approvers());
    lines.add("✋ " + messages.get("view.gate.waiting", gate.label(), roles));
    if (myRole != null) {
      lines.add(
          "   "
              + messages.get(
                  gate.approvers().contains(myRole) ? "view.gate.you_may" : "view.gate.you_may_not",
                  myRole));
    }
    List<String> message = gate.message().strip().lines().toList();
    if (firstLine && !message.isEmpty() && !message.get(0).isBlank()) {
      lines.add("   │ " + message.get(0));
      if (message.size() > 1) {
        lines.add("   │ " + messages.get("view.gate.more", message.size() - 1, executionId));
      }
    }
    lines.add("   " + messages.get("view.gate.approve", executionId, gate.nodeId()));
    lines.add("   " + messages.get("view.gate.reject", executionId, gate.nodeId()));
    return lines;
  }

  /**
   * {@code 💰 예산 부족: ₩10.836 / ₩14 사용, '분석' 단계에 ₩5.6 필요}, who may raise it, and the two commands;
   * the raise names the least that lets the waiting step run. The server's own message says the
   * same in English, so it is not repeated.
   */
  private List<String> budget(Event.ApprovalRequired gate, String executionId, String myRole) {
    Event.Shortfall shortfall = gate.shortfall();
    List<String> lines = new ArrayList<>();
    lines.add(
        "💰 "
            + messages.get(
                "view.budget.short",
                Formats.won(shortfall.spent()),
                Formats.won(shortfall.budget()),
                gate.label(),
                Formats.won(shortfall.needed())));
    lines.add(
        "   "
            + messages.get(
                "view.budget.who", String.join(messages.get("view.or"), gate.approvers())));
    if (myRole != null) {
      lines.add(
          "   "
              + messages.get(
                  gate.approvers().contains(myRole)
                      ? "view.budget.you_may"
                      : "view.budget.you_may_not",
                  myRole));
    }
    lines.add(
        "   " + messages.get("view.budget.raise", executionId, Formats.won(shortfall.enough())));
    lines.add("   " + messages.get("view.budget.stop", executionId, gate.nodeId()));
    return lines;
  }

  /** The gate's whole message, for {@code --follow}; a budget approval has none worth more. */
  public List<String> gateMessage(Event.ApprovalRequired gate) {
    List<String> lines = new ArrayList<>();
    if (gate.isBudget()) {
      return lines;
    }
    gate.message().strip().lines().forEach(line -> lines.add("   │ " + line));
    return lines;
  }
}
