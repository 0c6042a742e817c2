package dev.orchestrate.cli;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Why a command stopped, said to the user: the lines to print (already in their language), the exit
 * code, a short machine-readable code for {@code --json}, and the server's problem if it answered
 * one.
 */
public final class CliException extends RuntimeException {

  private final int exitCode;
  private final String code;
  private final List<String> lines;
  private final transient JsonNode problem;

  public CliException(int exitCode, String code, List<String> lines, JsonNode problem) {
    super(String.join("\n", lines));
    this.exitCode = exitCode;
    this.code = code;
    this.lines = List.copyOf(lines);
    this.problem = problem;
  }

  public CliException(int exitCode, String code, String... lines) {
    this(exitCode, code, List.of(lines), null);
  }

  public int exitCode() {
    return exitCode;
  }

  public String code() {
    return code;
  }

  public List<String> lines() {
    return lines;
  }

  /** The server's problem+json, or null. */
  public JsonNode problem() {
    return problem;
  }
}
