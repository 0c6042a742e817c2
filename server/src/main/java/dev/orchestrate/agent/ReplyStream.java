package dev.orchestrate.agent;

import dev.orchestrate.common.OrchestrateException;
import dev.orchestrate.database.Tenancy;
import dev.orchestrate.database.Tenant;
import dev.orchestrate.llm.CallControl;
import dev.orchestrate.llm.LlmEvent;
import dev.orchestrate.llm.LlmException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A model's reply as Server-Sent Events, the same for an agent invoked alone and a node tried
 * alone: {@code chunk} for text, {@code restart} when the client retried the call, {@code error} to
 * end with a failure. {@code about} is added to every chunk and restart (the node trial names the
 * agent each one comes from).
 */
public final class ReplyStream {

  private static final Logger log = LoggerFactory.getLogger(ReplyStream.class);

  private ReplyStream() {}

  /** What streams the reply: writes to the emitter, and stops the model when told to. */
  @FunctionalInterface
  public interface Body {
    void run(SseEmitter emitter, CallControl control) throws IOException;
  }

  /**
   * Runs {@code body} on a virtual thread as the caller's tenant, with the caller's log context,
   * and answers the emitter at once; the client going away cancels the call. A failure ends the
   * stream with {@code error}: the call's own code, or {@code internal} (logged) for a defect.
   */
  public static SseEmitter start(String threadName, Body body) {
    var emitter = new SseEmitter(0L);
    var control = new CallControl();
    emitter.onCompletion(control::cancel);
    emitter.onError(e -> control.cancel());
    emitter.onTimeout(control::cancel);
    Tenant tenant = Tenancy.current().orElseThrow();
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    Thread.ofVirtual()
        .name(threadName)
        .start(
            () -> {
              if (mdc != null) {
                MDC.setContextMap(mdc);
              }
              Tenancy.runAs(
                  tenant,
                  () -> {
                    runCaught(threadName, body, emitter, control);
                    return null;
                  });
            });
    return emitter;
  }

  private static void runCaught(
      String threadName, Body body, SseEmitter emitter, CallControl control) {
    try {
      body.run(emitter, control);
    } catch (OrchestrateException e) {
      String code = e instanceof LlmException failed ? failed.code().wire() : e.kind().code();
      sendError(emitter, code, e.getMessage());
    } catch (IOException e) {
      // The client went away: stop the model too.
      control.cancel();
    } catch (RuntimeException e) {
      log.error("Reply stream {} failed", threadName, e);
      sendError(emitter, "internal", "Something went wrong on our side.");
    }
  }

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
