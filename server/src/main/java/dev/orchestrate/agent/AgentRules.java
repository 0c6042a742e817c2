package dev.orchestrate.agent;

import dev.orchestrate.common.Validation;
import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** What makes an agent definition valid; every problem is reported with its field. */
final class AgentRules {

  static final Pattern SLUG = Pattern.compile("^[a-z][a-z0-9_-]{0,63}$");
  private static final BigDecimal MAX_COST = new BigDecimal("1000000000");

  private AgentRules() {}

  static Validation check(AgentInput agent, Set<String> mcpConnections) {
    var v = new Validation();
    if (agent.slug() == null || !SLUG.matcher(agent.slug()).matches()) {
      v.add("slug", "must match ^[a-z][a-z0-9_-]{0,63}$");
    }
    if (agent.name() == null || agent.name().isBlank()) {
      v.add("name", "must not be blank");
    } else {
      v.check(agent.name().length() <= 200, "name", "must be at most 200 characters");
    }
    v.check(
        agent.description() == null || agent.description().length() <= 2000,
        "description",
        "must be at most 2000 characters");
    if (agent.modelProvider() == null || ModelProvider.parse(agent.modelProvider()).isEmpty()) {
      v.add("model_provider", "must be one of anthropic, openai, simulated");
    }
    if (agent.model() == null || agent.model().isBlank()) {
      v.add("model", "must not be blank");
    } else {
      v.check(agent.model().length() <= 200, "model", "must be at most 200 characters");
    }
    v.check(
        agent.systemPrompt() == null || agent.systemPrompt().length() <= 100_000,
        "system_prompt",
        "must be at most 100000 characters");
    checkParameters(agent.parameters(), v);
    checkCost(agent.costPerRun(), v);
    checkTools(agent, mcpConnections, v);
    return v;
  }

  private static void checkParameters(JsonNode parameters, Validation v) {
    if (parameters == null || parameters.isNull()) {
      return;
    }
    if (!parameters.isObject()) {
      v.add("parameters", "must be an object");
      return;
    }
    number(parameters, "temperature", 0, 2, false, v);
    number(parameters, "top_p", 0, 1, false, v);
    number(parameters, "max_tokens", 1, 200_000, true, v);
    number(parameters, "timeout_ms", 1_000, 3_600_000, true, v);
  }

  private static void number(
      JsonNode parameters, String field, double min, double max, boolean integral, Validation v) {
    JsonNode value = parameters.get(field);
    if (value == null || value.isNull()) {
      return;
    }
    String path = "parameters." + field;
    if (!value.isNumber() || (integral && !value.canConvertToExactIntegral())) {
      v.add(path, integral ? "must be a whole number" : "must be a number");
    } else if (value.asDouble() < min || value.asDouble() > max) {
      v.add(path, "must be between " + fmt(min) + " and " + fmt(max));
    }
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static void checkCost(BigDecimal cost, Validation v) {
    if (cost == null) {
      return;
    }
    v.check(cost.signum() >= 0, "cost_per_run", "must not be negative");
    v.check(cost.compareTo(MAX_COST) < 0, "cost_per_run", "is too large");
    v.check(cost.stripTrailingZeros().scale() <= 4, "cost_per_run", "must have at most 4 decimals");
  }

  private static void checkTools(AgentInput agent, Set<String> mcpConnections, Validation v) {
    if (agent.tools() == null) {
      return;
    }
    for (int i = 0; i < agent.tools().size(); i++) {
      ToolRef tool = agent.tools().get(i);
      String path = "tools[" + i + "]";
      if (tool == null) {
        v.add(path, "must be an object {mcp, tool}");
        continue;
      }
      if (tool.mcp() == null || tool.mcp().isBlank()) {
        v.add(path + ".mcp", "must not be blank");
      } else if (!mcpConnections.contains(tool.mcp())) {
        v.add(path + ".mcp", "no MCP connection named '" + tool.mcp() + "' in this workspace");
      }
      v.check(tool.tool() != null && !tool.tool().isBlank(), path + ".tool", "must not be blank");
    }
  }
}
