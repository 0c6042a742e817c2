package dev.orchestrate.live;

import dev.orchestrate.common.OrchestrateException;
import dev.orchestrate.database.Tenancy;
import dev.orchestrate.workspace.Role;
import dev.orchestrate.workspace.WorkspaceAccess;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
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
  private final Set<SseSink> streams = ConcurrentHashMap.newKeySet();

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
    return serve(
        sink -> new ExecutionSubscription(executionId, Math.max(0, cursor), sink, reader),
        hub::add,
        hub::remove);
  }

  /**
   * The workspace feed (as {@code /ws/workspace/{id}}) as Server-Sent Events; each event's id is
   * its {@code ts}, so {@code Last-Event-ID} (or {@code ?after=}) replays what a client missed.
   */
  @GetMapping(
      path = "/orchestrate/workspaces/{workspaceId}/events",
      produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter workspaceEvents(
      @PathVariable UUID workspaceId,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
      @RequestParam(required = false) String after) {
    tenancy.inUserTransaction(
        Tenancy.currentUserId(), () -> access.require(workspaceId, Role.VIEWER));
    var cursor = WorkspaceCursor.parse(after != null ? after : lastEventId);
    return serve(
        sink -> new WorkspaceSubscription(workspaceId, cursor, sink, reader),
        hub::add,
        hub::remove);
  }

  /** An SSE stream fed by a subscription, which ends with it (client gone, or an error). */
  private <S> SseEmitter serve(
      Function<Sink, S> subscribe, Consumer<S> follow, Consumer<S> forget) {
    var emitter = new SseEmitter(0L);
    var sink = new SseSink(emitter);
    S subscription = subscribe.apply(sink);
    Runnable end =
        () -> {
          forget.accept(subscription);
          streams.remove(sink);
        };
    emitter.onCompletion(end);
    emitter.onError(e -> end.run());
    streams.add(sink);
    follow.accept(subscription);
    return emitter;
  }

  /** Heartbeats, each on a thread of its own: one to a client that stopped reading blocks. */
  @Scheduled(fixedDelayString = "${orchestrate.live.ping-interval:25s}")
  void heartbeat() {
    for (SseSink sink : streams) {
      Thread.ofVirtual().name("live-heartbeat").start(sink::heartbeat);
    }
  }

  private static long parse(String lastEventId) {
    try {
      return lastEventId == null ? 0 : Long.parseLong(lastEventId.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
