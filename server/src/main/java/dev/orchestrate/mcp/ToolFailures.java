package dev.orchestrate.mcp;

import dev.orchestrate.common.ErrorKind;
import java.time.Duration;
import java.util.List;

/** A live client's failure as the gateway's callers see it: a {@link ToolException}. */
final class ToolFailures {

  private ToolFailures() {}

  static ToolException of(String connection, String tool, ClientFailure failure, Duration timeout) {
    String what =
        tool == null
            ? "MCP connection '" + connection + "'"
            : "Tool '" + tool + "' on '" + connection + "'";
    return switch (failure.kind()) {
      case TIMEOUT ->
          new ToolException(
              ErrorKind.GATEWAY_TIMEOUT,
              connection,
              tool,
              what + " did not answer within " + timeout,
              List.of(),
              true,
              null);
      case CANCELLED ->
          new ToolException(
              ErrorKind.BAD_GATEWAY,
              connection,
              tool,
              what + ": the call was cancelled",
              List.of(),
              false,
              null);
      case UNREACHABLE, SERVER_ERROR, REFUSED ->
          new ToolException(
              ErrorKind.BAD_GATEWAY,
              connection,
              tool,
              what + " failed: " + failure.getMessage(),
              List.of(),
              failure.isTransient(),
              null);
    };
  }
}
