package dev.orchestrate.cli.live;

import java.io.PrintStream;
import java.util.List;

/** {@code --json}: every event exactly as the server sent it, one per line, nothing else. */
public final class JsonLinesRenderer implements Renderer {

  private final PrintStream out;

  public JsonLinesRenderer(PrintStream out) {
    this.out = out;
  }

  @Override
  public void begin(String title, RunState state) {}

  @Override
  public void event(Event event, String json, RunState state) {
    out.println(json.strip());
    out.flush();
    if (out.checkError()) {
      // The reader went away (`| head`): following the run further would write to no one.
      throw new ReaderGone();
    }
  }

  /** Standard output was closed by whoever read it. */
  public static final class ReaderGone extends RuntimeException {
    ReaderGone() {
      super("standard output was closed");
    }
  }

  @Override
  public void tick(RunState state) {}

  @Override
  public void notice(List<String> lines, RunState state) {}

  @Override
  public void gate(List<String> lines, RunState state) {}

  @Override
  public void end(RunState state) {
    out.flush();
  }
}
