package dev.orchestrate.mcp;

import dev.orchestrate.common.ErrorKind;
import dev.orchestrate.common.FieldProblem;
import dev.orchestrate.common.OrchestrateException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A tool call that did not produce a result: the connection or tool does not exist, the arguments
 * do not fit, or the server failed. {@link #isTransient()} says whether trying again may help.
 */
public class ToolException extends OrchestrateException {

  private final String connection;
  private final String tool;
  private final boolean transientFailure;

  ToolException(
      ErrorKind kind,
      String connection,
      String tool,
      String message,
      List<FieldProblem> problems,
      boolean transientFailure,
      Throwable cause) {
    super(kind, message, problems, cause);
    this.connection = connection;
    this.tool = tool;
    this.transientFailure = transientFailure;
  }

  public static ToolException unknownConnection(String connection) {
    return new ToolException(
        ErrorKind.NOT_FOUND,
        connection,
        null,
        "MCP connection '" + connection + "' not found",
        List.of(),
        false,
        null);
  }

  public static ToolException unknownTool(String connection, String tool) {
    return new ToolException(
        ErrorKind.NOT_FOUND,
        connection,
        tool,
        "Tool '" + tool + "' not found on MCP connection '" + connection + "'",
        List.of(),
        false,
        null);
  }

  /** Arguments that do not match the tool's input schema, each problem at {@code arguments.…}. */
  public static ToolException invalidArguments(
      String connection, String tool, List<FieldProblem> problems) {
    String detail =
        problems.size() == 1
            ? problems.getFirst().path() + ": " + problems.getFirst().message()
            : problems.size() + " problems found";
    return new ToolException(
        ErrorKind.INVALID,
        connection,
        tool,
        "Invalid arguments for tool '" + tool + "' on '" + connection + "': " + detail,
        problems,
        false,
        null);
  }

  public static ToolException unreachable(
      String connection, String tool, boolean transientFailure) {
    return new ToolException(
        ErrorKind.BAD_GATEWAY,
        connection,
        tool,
        "MCP connection '" + connection + "' is not reachable",
        List.of(),
        transientFailure,
        null);
  }

  public static ToolException failed(
      String connection, String tool, String message, boolean transientFailure, Throwable cause) {
    return new ToolException(
        ErrorKind.BAD_GATEWAY, connection, tool, message, List.of(), transientFailure, cause);
  }

  public static ToolException timedOut(String connection, String tool, Duration timeout) {
    return new ToolException(
        ErrorKind.GATEWAY_TIMEOUT,
        connection,
        tool,
        "Tool '" + tool + "' on '" + connection + "' did not answer within " + timeout,
        List.of(),
        true,
        null);
  }

  public String connection() {
    return connection;
  }

  /** Empty when the failure concerns the connection as a whole, such as listing its tools. */
  public Optional<String> tool() {
    return Optional.ofNullable(tool);
  }

  /** Whether the same call may succeed later: a server that failed or timed out, not bad input. */
  public boolean isTransient() {
    return transientFailure;
  }
}
