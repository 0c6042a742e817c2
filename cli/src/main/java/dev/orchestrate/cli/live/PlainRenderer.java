package dev.orchestrate.cli.live;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

/**
 * For output that is not a terminal (a file, a pipe, CI logs): a line per thing that happened, in
 * order, never rewritten, without colours or cursor movement.
 */
public final class PlainRenderer implements Renderer {

  private final PrintStream out;
  private final ViewText text;
  private final boolean follow;
  private final Clock clock;
  private final Transcript transcript = new Transcript();

  public PlainRenderer(PrintStream out, ViewText text, boolean follow, Clock clock) {
    this.out = out;
    this.text = text;
    this.follow = follow;
    this.clock = clock;
  }

  @Override
  public void begin(String title, RunState state) {
    out.println(title);
    out.flush();
  }

  @Override
  public void event(Event event, String json, RunState state) {
    if (event instanceof Event.AgentStreaming e) {
      if (follow) {
        transcript.append(e.nodeId(), e.agentSlug(), e.chunk()).forEach(this::streamed);
      }
    } else if (event instanceof Event.ToolCall e) {
      if (follow && !"started".equals(e.status())) {
        out.println(text.tool(e));
      }
    } else if (event instanceof Event.StepStart e) {
      out.println(text.node(state.node(e.nodeId())));
    } else if (event instanceof Event.StepComplete e) {
      finished(e.nodeId(), state);
    } else if (event instanceof Event.StepFailed e) {
      finished(e.nodeId(), state);
    } else if (event instanceof Event.StepSkipped e) {
      finished(e.nodeId(), state);
    } else if (event instanceof Event.ApprovalResolved e) {
      out.println(text.resolved(e, state.node(e.nodeId()).label()));
    }
    out.flush();
  }

  private void finished(String nodeId, RunState state) {
    transcript.flush(nodeId).forEach(this::streamed);
    out.println(text.node(state.node(nodeId)));
  }

  private void streamed(Transcript.Line line) {
    out.println(ViewText.streamed(line));
  }

  @Override
  public void tick(RunState state) {}

  @Override
  public void notice(List<String> lines, RunState state) {
    lines.forEach(out::println);
    out.flush();
  }

  @Override
  public void gate(List<String> lines, RunState state) {
    notice(lines, state);
  }

  @Override
  public void end(RunState state) {
    String notRun =
        state.nodes().stream()
            .filter(n -> n.status() == NodeStatus.PENDING)
            .map(NodeLine::label)
            .collect(Collectors.joining(", "));
    if (!notRun.isEmpty()) {
      out.println("⬜ " + text.messages().get("view.not_run", notRun));
    }
    out.println(text.summary(state.cost(), Elapsed.of(state, clock)));
    out.println(text.result(state));
    out.flush();
  }
}
