package dev.orchestrate.mcp;

import dev.orchestrate.common.FieldProblem;
import dev.orchestrate.mcp.ToolGateway.ToolInfo;
import dev.orchestrate.mcp.ToolGateway.ToolResult;
import java.time.Clock;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Answers a preset connection's tools in-process until its secret is set: checks the arguments
 * against the tool's input schema, then lets the simulated tool answer. Costs nothing and never
 * waits, so it needs no timeout.
 */
final class SimulatedToolGateway {

  private final SimulatedTools tools;

  SimulatedToolGateway(JsonMapper json, Clock clock) {
    this.tools = SimulatedTools.load(json, clock);
  }

  boolean simulates(String preset) {
    return tools.simulates(preset);
  }

  /**
   * Calls {@code tool} of {@code preset} for the connection named {@code connection}.
   *
   * @param arguments may be null or JSON null for a tool called without arguments
   */
  ToolResult call(String connection, String preset, String tool, JsonNode arguments) {
    SimulatedTools.Tool simulated =
        tools.find(preset, tool).orElseThrow(() -> ToolException.unknownTool(connection, tool));
    JsonNode given =
        arguments == null || arguments.isNull() || arguments.isMissingNode()
            ? JsonNodeFactory.instance.objectNode()
            : arguments;
    List<FieldProblem> problems = simulated.arguments().problems(given);
    if (!problems.isEmpty()) {
      throw ToolException.invalidArguments(connection, tool, problems);
    }
    JsonNode answer;
    try {
      answer = simulated.handler().answer(given);
    } catch (SimulatedTools.InvalidArguments e) {
      throw ToolException.invalidArguments(connection, tool, e.problems());
    } catch (RuntimeException e) {
      // A bug in a stand-in must read like a failing server, not bring down the engine's step.
      throw ToolException.failed(
          connection, tool, "Simulated tool '" + tool + "' failed", false, e);
    }
    return new ToolResult(answer, true, answer.path("isError").asBoolean(false));
  }

  List<ToolInfo> tools(String preset) {
    return tools.tools(preset);
  }
}
