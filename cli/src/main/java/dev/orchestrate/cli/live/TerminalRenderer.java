package dev.orchestrate.cli.live;

import dev.orchestrate.cli.text.Formats;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The monitor of the specification in a terminal: a block at the bottom with a line per node, the
 * cost and a running clock, redrawn in place (ANSI cursor movement); what should stay — streamed
 * text with {@code --follow}, gate instructions — is printed above it and scrolls away normally.
 */
public final class TerminalRenderer implements Renderer {

  private static final String DIM = "\033[2m";
  private static final String BOLD = "\033[1m";
  private static final String RED = "\033[31m";
  private static final String RESET = "\033[0m";
  private static final String HIDE_CURSOR = "\033[?25l";
  private static final String SHOW_CURSOR = "\033[?25h";
  private static final long STREAM_REDRAW_MILLIS = 100;

  private final PrintStream out;
  private final ViewText text;
  private final boolean follow;
  private final Clock clock;
  private final int columns;
  private final Transcript transcript = new Transcript();
  private final List<String> pending = new ArrayList<>();
  private final List<String> gate = new ArrayList<>();
  private int drawn;
  private long lastDraw;
  private boolean ended;

  public TerminalRenderer(
      PrintStream out, ViewText text, boolean follow, Clock clock, int columns) {
    this.out = out;
    this.text = text;
    this.follow = follow;
    this.clock = clock;
    this.columns = Math.max(20, columns);
  }

  @Override
  public void begin(String title, RunState state) {
    out.print(HIDE_CURSOR);
    pending.add(BOLD + title + RESET);
    draw(state);
  }

  @Override
  public void event(Event event, String json, RunState state) {
    if (event instanceof Event.AgentStreaming e) {
      if (follow) {
        transcript.append(e.nodeId(), e.agentSlug(), e.chunk()).forEach(this::keep);
        if (clock.millis() - lastDraw < STREAM_REDRAW_MILLIS) {
          return;
        }
      }
    } else if (event instanceof Event.ToolCall e) {
      if (follow && !"started".equals(e.status())) {
        pending.add(DIM + text.tool(e) + RESET);
      }
    } else if (event instanceof Event.StepComplete e) {
      transcript.flush(e.nodeId()).forEach(this::keep);
    } else if (event instanceof Event.StepFailed e) {
      transcript.flush(e.nodeId()).forEach(this::keep);
    } else if (event instanceof Event.ApprovalResolved e) {
      pending.add(text.resolved(e, state.node(e.nodeId()).label()));
    }
    draw(state);
  }

  private void keep(Transcript.Line line) {
    pending.add(DIM + "   " + line.agent() + " │ " + RESET + line.text());
  }

  @Override
  public void tick(RunState state) {
    if (clock.millis() - lastDraw >= 1000) {
      draw(state);
    }
  }

  @Override
  public void notice(List<String> lines, RunState state) {
    pending.addAll(lines);
    draw(state);
  }

  @Override
  public void gate(List<String> lines, RunState state) {
    gate.addAll(lines);
    draw(state);
  }

  @Override
  public void end(RunState state) {
    ended = true;
    draw(state);
    String result = text.result(state);
    boolean bad =
        !"completed".equals(state.status()) && !"awaiting_approval".equals(state.status());
    out.print((bad ? BOLD + RED : BOLD) + result + RESET + SHOW_CURSOR + "\n");
    out.flush();
  }

  /** Restores the cursor if the process is interrupted mid-run. */
  public void abandon() {
    if (!ended) {
      out.print(RESET + SHOW_CURSOR);
      out.flush();
    }
  }

  private void draw(RunState state) {
    StringBuilder frame = new StringBuilder();
    if (drawn > 0) {
      frame.append("\r\033[").append(drawn).append('A').append("\033[J");
    }
    for (String line : pending) {
      frame.append(line).append('\n');
    }
    pending.clear();
    List<String> block = block(state);
    for (String line : block) {
      frame.append(line).append('\n');
    }
    drawn = block.size();
    out.print(frame);
    out.flush();
    lastDraw = clock.millis();
  }

  private List<String> block(RunState state) {
    List<String> lines = new ArrayList<>();
    for (NodeLine node : state.nodes()) {
      String line = Formats.fit(text.node(node), columns - 1);
      lines.add(
          switch (node.status()) {
            case PENDING -> DIM + line + RESET;
            case RUNNING -> BOLD + line + RESET;
            case FAILED, REJECTED -> RED + line + RESET;
            default -> line;
          });
    }
    Transcript.Line tail = follow && !ended ? transcript.tail() : null;
    if (tail != null) {
      lines.add(DIM + Formats.fit(ViewText.streamed(tail), columns - 1) + RESET);
    }
    lines.add(Formats.fit(text.summary(state.cost(), Elapsed.of(state, clock)), columns - 1));
    if (state.waiting() == null) {
      gate.clear();
    }
    for (String line : gate) {
      lines.add(Formats.fit(line, columns - 1));
    }
    return lines;
  }
}
