package dev.orchestrate.engine;

import dev.orchestrate.agent.Agent;
import dev.orchestrate.agent.AgentRunner;
import dev.orchestrate.agent.CallScope;
import dev.orchestrate.agent.PaidCall;
import dev.orchestrate.agent.PaidCallFailed;
import dev.orchestrate.billing.Reference;
import dev.orchestrate.llm.ContentBlock;
import dev.orchestrate.llm.LlmListener;
import dev.orchestrate.llm.LlmMessage;
import dev.orchestrate.llm.ToolCall;
import dev.orchestrate.llm.ToolDefinition;
import dev.orchestrate.pipeline.graph.AgentCallNode;
import dev.orchestrate.pipeline.graph.ToolRef;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The conversation of one agent in an agent_call node: a model call, and while the model asks for
 * tools (and rounds remain), the tools' results back and another call. Every call is paid and kept
 * in {@code calls}, to be settled with the step.
 */
@Component
class ToolRounds {

  private final AgentRunner runner;
  private final ToolCalls toolCalls;

  ToolRounds(AgentRunner runner, ToolCalls toolCalls) {
    this.runner = runner;
    this.toolCalls = toolCalls;
  }

  /**
   * The most one agent's conversation may cost: its first call's maximum for each round it may take
   * (later rounds send longer prompts; {@link BudgetHold} covers the difference as they come).
   */
  BigDecimal maxCost(AgentCallNode node, Agent agent, String prompt, Toolset tools) {
    BigDecimal first = runner.maxCost(agent, List.of(LlmMessage.user(prompt)), tools.definitions());
    int rounds = tools.definitions().isEmpty() ? 1 : node.maxToolRounds();
    return first.multiply(BigDecimal.valueOf(rounds));
  }

  String converse(
      NodeContext ctx,
      AgentCallNode node,
      Agent agent,
      String prompt,
      Toolset tools,
      BudgetHold budget,
      LlmListener listener,
      Reference reference,
      List<PaidCall> calls) {
    List<LlmMessage> messages = new ArrayList<>(List.of(LlmMessage.user(prompt)));
    StringBuilder text = new StringBuilder();
    for (int round = 0; ; round++) {
      BigDecimal max =
          budget.limited() ? runner.maxCost(agent, messages, tools.definitions()) : BigDecimal.ZERO;
      budget.before(max);
      PaidCall call;
      try {
        call =
            runner.call(
                ctx.workspaceId(),
                agent,
                messages,
                tools.definitions(),
                listener,
                ctx.control(),
                ctx.chargeKey(agent.slug(), round),
                reference,
                new CallScope(ctx.executionId(), ctx.secretsAsOf()));
      } catch (PaidCallFailed failed) {
        budget.after(max, failed.call().cost());
        throw failed;
      } catch (RuntimeException e) {
        budget.after(max, BigDecimal.ZERO);
        throw e;
      }
      budget.after(max, call.cost());
      calls.add(call);
      var response = call.response();
      text.append(response.text());
      if (response.toolCalls().isEmpty() || round + 1 >= node.maxToolRounds()) {
        return text.toString();
      }
      List<ContentBlock> asked = new ArrayList<>();
      if (!response.text().isEmpty()) {
        asked.add(new ContentBlock.Text(response.text()));
      }
      List<ContentBlock> answers = new ArrayList<>();
      for (ToolCall toolCall : response.toolCalls()) {
        asked.add(new ContentBlock.ToolUse(toolCall.id(), toolCall.name(), toolCall.input()));
        ToolRef ref = tools.byName().get(toolCall.name());
        answers.add(
            ref == null
                ? new ContentBlock.ToolResult(
                    toolCall.id(), "Unknown tool: " + toolCall.name(), true)
                : toolCalls.forModel(ctx, ref.mcp(), ref.tool(), toolCall));
      }
      messages.add(new LlmMessage(LlmMessage.Role.ASSISTANT, asked));
      messages.add(new LlmMessage(LlmMessage.Role.USER, answers));
      text.append("\n");
    }
  }

  /**
   * The node's tools as the model sees them, named {@code connection__tool}: listed once for all
   * its agents, before any call (and before its budget is counted, which their size is part of).
   *
   * @throws dev.orchestrate.mcp.ToolException when a connection cannot list its tools
   */
  Toolset toolset(NodeContext ctx, AgentCallNode node) {
    Map<String, ToolRef> byName = new HashMap<>();
    List<ToolDefinition> definitions = new ArrayList<>();
    for (ToolRef ref : node.tools()) {
      for (var info : toolCalls.tools(ctx, ref.mcp())) {
        if (info.name().equals(ref.tool())) {
          String name = ref.mcp() + "__" + ref.tool();
          byName.put(name, ref);
          definitions.add(new ToolDefinition(name, info.description(), info.inputSchema()));
        }
      }
    }
    return new Toolset(List.copyOf(definitions), Map.copyOf(byName));
  }

  /** The tools offered to the model, and which node tool each name stands for. */
  record Toolset(List<ToolDefinition> definitions, Map<String, ToolRef> byName) {}
}
