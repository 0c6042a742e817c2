package dev.orchestrate.agent;

import dev.orchestrate.billing.Reference;
import dev.orchestrate.llm.CallControl;
import dev.orchestrate.llm.LlmMessage;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Streams an invocation as Server-Sent Events on a virtual thread of its own: {@code chunk} as text
 * arrives, {@code restart} when a retried attempt begins (drop the text so far), then {@code done}
 * with the result or {@code error} with a problem. A client that goes away cancels the call.
 */
@Component
class InvokeStreams {

  private final AgentRunner runner;

  InvokeStreams(AgentRunner runner) {
    this.runner = runner;
  }

  SseEmitter start(
      AgentService.Located located,
      List<LlmMessage> messages,
      String chargeKey,
      Reference reference) {
    return ReplyStream.start(
        "invoke-stream",
        (emitter, control) -> stream(located, messages, chargeKey, reference, emitter, control));
  }

  private void stream(
      AgentService.Located located,
      List<LlmMessage> messages,
      String chargeKey,
      Reference reference,
      SseEmitter emitter,
      CallControl control)
      throws IOException {
    AgentRun run =
        runner.run(
            located.workspaceId(),
            located.agent(),
            messages,
            List.of(),
            event -> ReplyStream.send(emitter, control, Map.of(), event),
            control,
            chargeKey,
            reference);
    emitter.send(
        SseEmitter.event()
            .name("done")
            .data(InvokeController.InvokeResult.of(run), MediaType.APPLICATION_JSON));
    emitter.complete();
  }
}
