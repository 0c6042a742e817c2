package dev.orchestrate.live;

import dev.orchestrate.common.OrchestrateException;
import dev.orchestrate.database.Tenancy;
import dev.orchestrate.workspace.Role;
import dev.orchestrate.workspace.WorkspaceAccess;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The execution's events as Server-Sent Events: replay after {@code Last-Event-ID}, then live. */
@RestController
class EventStreamController {

  private final EventReader reader;
  private final WorkspaceAccess access;
  private final Tenancy tenancy;
  private final LiveHub hub;

  EventStreamController(EventReader reader, WorkspaceAccess access, Tenancy tenancy, LiveHub hub) {
    this.reader = reader;
    this.access = access;
    this.tenancy = tenancy;
    this.hub = hub;
  }

  @GetMapping(
      path = "/orchestrate/executions/{executionId}/events",
      produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter events(
      @PathVariable UUID executionId,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
      @RequestParam(required = false) Long after) {
    UUID workspace =
        reader
            .workspaceOf(executionId)
            .orElseThrow(() -> OrchestrateException.notFound("Execution"));
    tenancy.inUserTransaction(
        Tenancy.currentUserId(), () -> access.require(workspace, Role.VIEWER));
    long cursor = after != null ? after : parse(lastEventId);
    var emitter = new SseEmitter(0L);
    var subscription =
        new ExecutionSubscription(executionId, Math.max(0, cursor), new SseSink(emitter), reader);
    emitter.onCompletion(() -> hub.remove(subscription));
    emitter.onError(e -> hub.remove(subscription));
    hub.add(subscription);
    return emitter;
  }

  private static long parse(String lastEventId) {
    try {
      return lastEventId == null ? 0 : Long.parseLong(lastEventId.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
