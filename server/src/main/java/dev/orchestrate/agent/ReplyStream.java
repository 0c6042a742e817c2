package dev.orchestrate.agent;

import dev.orchestrate.llm.CallControl;
import dev.orchestrate.llm.LlmEvent;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A model's reply as Server-Sent Events, the same for an agent invoked alone and a node tried
 * alone: {@code chunk} for text, {@code restart} when the client retried the call, {@code error} to
 * end with a failure. {@code about} is added to every chunk and restart (the node trial names the
 * agent each one comes from).
 */
public final class ReplyStream {

  private ReplyStream() {}

  /** Forwards one event of the model; a client that went away stops the model too. */
  public static void send(
      SseEmitter emitter, CallControl control, Map<String, Object> about, LlmEvent event) {
    try {
      switch (event) {
        case LlmEvent.TextDelta delta ->
            emitter.send(
                SseEmitter.event()
                    .name("chunk")
                    .data(with(about, Map.of("chunk", delta.text())), MediaType.APPLICATION_JSON));
        case LlmEvent.AttemptRestarted restart ->
            emitter.send(
                SseEmitter.event()
                    .name("restart")
                    .data(
                        with(
                            about,
                            Map.of("attempt", restart.attempt(), "reason", restart.reason())),
                        MediaType.APPLICATION_JSON));
        default -> {}
      }
    } catch (IOException e) {
      control.cancel();
    }
  }

  /** Ends the stream with {@code error {code, message}}. */
  public static void sendError(SseEmitter emitter, String code, String message) {
    try {
      emitter.send(
          SseEmitter.event()
              .name("error")
              .data(Map.of("code", code, "message", message), MediaType.APPLICATION_JSON));
      emitter.complete();
    } catch (IOException | IllegalStateException e) {
      emitter.completeWithError(e);
    }
  }

  private static Map<String, Object> with(Map<String, Object> about, Map<String, Object> fields) {
    Map<String, Object> all = new LinkedHashMap<>(about);
    all.putAll(fields);
    return all;
  }
}
