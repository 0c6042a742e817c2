package dev.orchestrate.cli;

import dev.orchestrate.cli.api.Servers;
import dev.orchestrate.cli.live.Event;
import dev.orchestrate.cli.live.EventStream;
import dev.orchestrate.cli.live.JsonLinesRenderer;
import dev.orchestrate.cli.live.PlainRenderer;
import dev.orchestrate.cli.live.Renderer;
import dev.orchestrate.cli.live.RunState;
import dev.orchestrate.cli.live.TerminalRenderer;
import dev.orchestrate.cli.live.ViewText;
import dev.orchestrate.cli.live.WebSocketConnector;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Shows one execution live until it ends, or until it waits at a gate or for a larger budget when
 * told not to wait, and answers the exit code of how it ended. The socket replays from the first
 * event, so {@code run}, {@code watch} and {@code retry} all show the whole story.
 */
final class LiveRun {

  /** How far apart the two reports of one end's duration may be. */
  private static final long SAME_END_MILLIS = 250;

  private final Context context;
  private final boolean follow;
  private final boolean wait;
  private final ViewText text;
  private volatile boolean finished;

  LiveRun(Context context, boolean follow, boolean wait) {
    this.context = context;
    this.follow = follow;
    this.wait = wait;
    this.text = new ViewText(context.messages());
  }

  int show(JsonNode execution) throws InterruptedException {
    String id = execution.path("id").asString();
    RunState state = RunState.of(execution);
    Renderer renderer = renderer();
    Thread interrupted = new Thread(() -> interrupted(renderer, id));
    Runtime.getRuntime().addShutdownHook(interrupted);
    renderer.begin(title(execution), state);
    var api = context.api();
    var connector =
        new WebSocketConnector(
            api.http(), Servers.socket(api.server(), "/ws/execution/" + id), api.token());
    var stream =
        new EventStream(
            connector,
            context.json(),
            context.environment().clock(),
            EventStream.Timing.standard(),
            duration -> Thread.sleep(duration.toMillis()));
    var listener = new Listener(state, renderer);
    try {
      stream.follow(0, listener);
    } catch (JsonLinesRenderer.ReaderGone e) {
      return ExitCodes.OK;
    } catch (EventStream.Refused e) {
      throw refused(e, id);
    } catch (EventStream.GaveUp e) {
      throw new CliException(
          ExitCodes.UNREACHABLE,
          "connection_lost",
          context.messages().get("live.gave_up", api.server(), e.getMessage()),
          context.messages().get("live.watch_again", id));
    } finally {
      finished = true;
    }
    renderer.end(state);
    if (!context.output().json()) {
      hints(state, id, renderer);
    }
    return listener.stoppedAtGate
        ? ExitCodes.AWAITING_APPROVAL
        : ExitCodes.ofStatus(state.status());
  }

  private void hints(RunState state, String id, Renderer renderer) {
    var m = context.messages();
    String hint =
        switch (state.status()) {
          case "completed" -> m.get("live.hint.show", id);
          case "failed" -> m.get("live.hint.retry", id);
          case "awaiting_approval" -> m.get("live.hint.watch", id);
          default -> null;
        };
    if (hint != null) {
      context.output().line(hint);
      context.output().flush();
    }
  }

  private Renderer renderer() {
    Output out = context.output();
    var clock = context.environment().clock();
    if (out.json()) {
      return new JsonLinesRenderer(out.out());
    }
    if (out.terminal()) {
      return new TerminalRenderer(out.out(), text, follow, clock, out.columns());
    }
    return new PlainRenderer(out.out(), text, follow, clock);
  }

  private String title(JsonNode execution) {
    String pipeline = execution.path("pipeline_id").asString();
    String name = pipeline;
    try {
      JsonNode p =
          context
              .api()
              .get(
                  "/api/workspaces/"
                      + execution.path("workspace_id").asString()
                      + "/pipelines/"
                      + pipeline);
      name = p.path("name").asString(p.path("slug").asString(pipeline));
    } catch (CliException e) {
      // The title is a courtesy; the run is what matters.
    }
    return "▶ " + context.messages().get("live.title", name, execution.path("id").asString());
  }

  private CliException refused(EventStream.Refused e, String id) {
    if (e.code() == EventStream.UNAUTHORIZED) {
      return context.failures().unauthorized(context.server(), context.api().token(), null);
    }
    return new CliException(
        ExitCodes.NOT_FOUND,
        "unknown_execution",
        context.messages().get("error.unknown_execution", id));
  }

  private void interrupted(Renderer renderer, String id) {
    if (finished) {
      return;
    }
    if (renderer instanceof TerminalRenderer terminal) {
      terminal.abandon();
    }
    if (!context.output().json()) {
      context.output().err().println();
      context.output().err().println(context.messages().get("live.interrupted", id));
      context.output().err().flush();
    }
  }

  /** Folds each event into the state, shows it, and decides when the story is over. */
  private final class Listener implements EventStream.Listener {
    private final RunState state;
    private final Renderer renderer;
    boolean stoppedAtGate;

    Listener(RunState state, Renderer renderer) {
      this.state = state;
      this.renderer = renderer;
    }

    @Override
    public boolean onEvent(JsonNode json, String raw) {
      Event event = Event.of(json);
      state.apply(event);
      renderer.event(event, raw, state);
      if (event instanceof Event.ApprovalRequired gate) {
        return atGate(gate);
      }
      if (event instanceof Event.ExecutionComplete end) {
        return !isTheEnd(end);
      }
      return true;
    }

    /**
     * A gate seen in the replay may have been decided long ago: only a gate the execution still
     * waits at is announced (and stops a {@code --no-wait} run). A budget approval asked under an
     * older budget was answered by a raise that was still too small, which asked again: only the
     * last is announced, with the numbers it has now (other branches may have spent since).
     */
    private boolean atGate(Event.ApprovalRequired asked) {
      JsonNode now = context.api().get("/orchestrate/executions/" + state.executionId());
      Event.ApprovalRequired waiting = null;
      for (JsonNode pending : now.path("pending_approvals")) {
        if (asked.nodeId().equals(pending.path("node_id").asString())) {
          waiting = Event.ApprovalRequired.of(asked.seq(), pending);
        }
      }
      if (waiting == null || waiting.isBudget() && askedUnderAnOlderBudget(asked, waiting)) {
        return true;
      }
      Event.ApprovalRequired gate = waiting.isBudget() ? waiting : asked;
      String role = roleFor(now.path("workspace_id").asString());
      if (follow) {
        renderer.notice(text.gateMessage(gate), state);
      }
      List<String> lines = new ArrayList<>(text.gate(gate, state.executionId(), role, !follow));
      String then = gate.isBudget() ? "live.waiting_budget" : "live.waiting";
      lines.add(context.messages().get(wait ? then : "live.no_wait"));
      renderer.gate(lines, state);
      stoppedAtGate = !wait;
      return wait;
    }

    private boolean askedUnderAnOlderBudget(
        Event.ApprovalRequired asked, Event.ApprovalRequired waiting) {
      var then = asked.shortfall() == null ? null : asked.shortfall().budget();
      var now = waiting.shortfall().budget();
      return then != null && now != null && then.compareTo(now) != 0;
    }

    private String roleFor(String workspaceId) {
      try {
        return context.roleIn(workspaceId);
      } catch (CliException e) {
        return null;
      }
    }

    /**
     * An execution that was retried has more than one {@code execution_complete}: the last is the
     * one the execution itself still reports. Its duration in the event and in the execution may
     * differ by a millisecond or so (two clocks' rounding), while a retried run's ends lie at least
     * the time between the failure and the retry apart: hence the tolerance.
     */
    private boolean isTheEnd(Event.ExecutionComplete end) {
      JsonNode now = context.api().get("/orchestrate/executions/" + state.executionId());
      String status = now.path("status").asString("");
      if (!status.equals(end.status()) || !now.hasNonNull("duration_ms")) {
        return false;
      }
      return Math.abs(now.get("duration_ms").asLong() - end.durationMs()) <= SAME_END_MILLIS;
    }

    @Override
    public void onIdle() {
      renderer.tick(state);
    }

    @Override
    public void onReconnect(int attempt, String reason) {
      renderer.notice(
          List.of("🔌 " + context.messages().get("live.reconnecting", reason, attempt)), state);
    }
  }
}
