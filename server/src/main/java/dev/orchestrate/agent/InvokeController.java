package dev.orchestrate.agent;

import dev.orchestrate.billing.Reference;
import dev.orchestrate.common.Money;
import dev.orchestrate.common.Validation;
import dev.orchestrate.llm.CallControl;
import dev.orchestrate.llm.LlmListener;
import dev.orchestrate.llm.LlmMessage;
import dev.orchestrate.workspace.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /orchestrate/agent/invoke}: one call of an agent's model, answered as JSON or
 * streamed as Server-Sent Events ({@code chunk} … {@code done}).
 */
@RestController
class InvokeController {

  private final AgentService agents;
  private final AgentRunner runner;
  private final InvokeStreams streams;

  InvokeController(AgentService agents, AgentRunner runner, InvokeStreams streams) {
    this.agents = agents;
    this.runner = runner;
    this.streams = streams;
  }

  @PostMapping(
      path = "/orchestrate/agent/invoke",
      produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_EVENT_STREAM_VALUE})
  Object invoke(@RequestBody InvokeRequest body, HttpServletRequest http) {
    List<LlmMessage> messages = body.validated();
    var located = agents.locate(body.agentId(), Role.MEMBER);
    String callId = UUID.randomUUID().toString();
    var reference = new Reference("agent_invocation", callId, "Invoke " + located.agent().slug());
    boolean stream =
        Boolean.TRUE.equals(body.stream())
            || String.valueOf(http.getHeader("Accept")).contains(MediaType.TEXT_EVENT_STREAM_VALUE);
    if (stream) {
      return streams.start(located, messages, "invoke:" + callId, reference);
    }
    AgentRun run =
        runner.run(
            located.workspaceId(),
            located.agent(),
            messages,
            List.of(),
            LlmListener.IGNORE,
            new CallControl(),
            "invoke:" + callId,
            reference);
    return InvokeResult.of(run);
  }

  /** The contract's request: {@code {agent_id, messages: [{role, content}], stream?}}. */
  record InvokeRequest(UUID agentId, List<Message> messages, Boolean stream) {

    List<LlmMessage> validated() {
      var v = new Validation();
      v.check(agentId != null, "agent_id", "is required");
      if (messages == null || messages.isEmpty()) {
        v.add("messages", "must hold at least one message");
      } else {
        for (int i = 0; i < messages.size(); i++) {
          Message m = messages.get(i);
          if (m == null) {
            v.add("messages[" + i + "]", "must be an object {role, content}");
            continue;
          }
          v.check(
              "user".equals(m.role()) || "assistant".equals(m.role()),
              "messages[" + i + "].role",
              "must be user or assistant");
          v.check(
              m.content() != null && !m.content().isEmpty(),
              "messages[" + i + "].content",
              "must not be empty");
        }
        v.check(
            messages.getFirst() == null || "user".equals(messages.getFirst().role()),
            "messages[0].role",
            "the conversation must start with the user");
      }
      v.throwIfInvalid();
      return messages.stream()
          .map(
              m ->
                  "user".equals(m.role())
                      ? LlmMessage.user(m.content())
                      : LlmMessage.assistant(m.content()))
          .toList();
    }
  }

  record Message(String role, String content) {}

  /** The contract's answer, plus the detail a caller may want (cache tokens, stop reason). */
  record InvokeResult(
      String content,
      long inputTokens,
      long outputTokens,
      long cacheReadTokens,
      long cacheWriteTokens,
      String model,
      BigDecimal cost,
      BigDecimal creditsRemaining,
      String stopReason,
      boolean simulated) {

    static InvokeResult of(AgentRun run) {
      var r = run.response();
      var u = r.usage();
      return new InvokeResult(
          r.text(),
          u.inputTokens() + u.cacheReadTokens() + u.cacheWriteTokens(),
          u.outputTokens(),
          u.cacheReadTokens(),
          u.cacheWriteTokens(),
          r.model(),
          Money.normalize(run.cost()),
          Money.normalize(run.creditsRemaining()),
          r.stopReason(),
          r.model().startsWith("simulated:"));
    }
  }
}
