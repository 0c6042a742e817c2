package dev.orchestrate.pipeline.graph;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Calls one agent, or several in parallel.
 *
 * <p>{@code multiAgent} is true when the graph used {@code agent_slugs}: the output is then an
 * object keyed by slug even when the list holds a single agent.
 */
public record AgentCallNode(
    String id,
    String label,
    Optional<RetrySpec> retry,
    Optional<Duration> timeout,
    List<String> agentSlugs,
    boolean multiAgent,
    Optional<Template> prompt,
    List<ToolRef> tools,
    int maxToolRounds)
    implements NodeSpec {

  public static final String TYPE = "agent_call";
  public static final int DEFAULT_MAX_TOOL_ROUNDS = 5;

  public AgentCallNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(timeout, "timeout");
    agentSlugs = List.copyOf(agentSlugs);
    Objects.requireNonNull(prompt, "prompt");
    tools = List.copyOf(tools);
  }

  @Override
  public String type() {
    return TYPE;
  }
}
