package dev.orchestrate.cli;

import java.io.PrintStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Where and how a command writes: plain, terminal (ANSI allowed) or JSON for scripts. */
public record Output(
    PrintStream out, PrintStream err, boolean json, boolean terminal, int columns) {

  public void line(String text) {
    out.println(text);
  }

  /** One JSON document on standard output. */
  public void json(JsonMapper mapper, JsonNode value) {
    out.println(mapper.writeValueAsString(value));
  }

  public void flush() {
    out.flush();
    err.flush();
  }
}
