package dev.orchestrate.pipeline.graph;

import java.time.Duration;
import java.util.Optional;

/** One node of a pipeline graph; the closed set of node types the engine knows how to run. */
public sealed interface NodeSpec
    permits TriggerNode, ValidationNode, AgentCallNode, McpToolNode, HumanGateNode, FinalizeNode {

  String id();

  /** The node's {@code type} as written in the graph JSON, e.g. {@code agent_call}. */
  String type();

  String label();

  Optional<RetrySpec> retry();

  Optional<Duration> timeout();
}
