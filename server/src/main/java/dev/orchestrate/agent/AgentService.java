package dev.orchestrate.agent;

import dev.orchestrate.billing.PriceTable;
import dev.orchestrate.common.AuditEvent;
import dev.orchestrate.common.OrchestrateException;
import dev.orchestrate.common.Validation;
import dev.orchestrate.database.Tenancy;
import dev.orchestrate.mcp.McpConnections;
import dev.orchestrate.workspace.Role;
import dev.orchestrate.workspace.WorkspaceAccess;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Reading and writing agent definitions: members write, viewers read. */
@Service
public class AgentService {

  private final AgentRepository agents;
  private final WorkspaceAccess access;
  private final McpConnections mcp;
  private final JsonMapper json;
  private final ApplicationEventPublisher events;
  private final PriceTable prices;

  AgentService(
      AgentRepository agents,
      WorkspaceAccess access,
      McpConnections mcp,
      JsonMapper json,
      ApplicationEventPublisher events,
      PriceTable prices) {
    this.agents = agents;
    this.access = access;
    this.mcp = mcp;
    this.json = json;
    this.events = events;
    this.prices = prices;
  }

  @Transactional(readOnly = true)
  public List<Agent> list(UUID workspaceId) {
    access.require(workspaceId, Role.VIEWER);
    return agents.list(workspaceId);
  }

  @Transactional(readOnly = true)
  public Agent get(UUID workspaceId, UUID agentId) {
    access.require(workspaceId, Role.VIEWER);
    return agents
        .find(workspaceId, agentId)
        .orElseThrow(() -> OrchestrateException.notFound("Agent"));
  }

  /**
   * Finds an agent by id alone, in whichever of the caller's workspaces it lives, and checks the
   * caller's role there. Another workspace's agent answers 404 like an unknown one.
   */
  @Transactional(readOnly = true)
  public Located locate(UUID agentId, Role required) {
    UUID workspaceId =
        agents.workspaceOf(agentId).orElseThrow(() -> OrchestrateException.notFound("Agent"));
    access.require(workspaceId, required);
    return new Located(workspaceId, agents.find(workspaceId, agentId).orElseThrow());
  }

  /** An agent with the workspace it belongs to. */
  public record Located(UUID workspaceId, Agent agent) {}

  /** An agent of a workspace by slug; for the engine, inside its own transaction. */
  @Transactional(readOnly = true)
  public Optional<Agent> findBySlug(UUID workspaceId, String slug) {
    return agents.findBySlug(workspaceId, slug);
  }

  /** The slugs of a workspace's agents, for graph validation. */
  @Transactional(readOnly = true)
  public Set<String> slugs(UUID workspaceId) {
    return agents.slugs(workspaceId);
  }

  @Transactional
  public Agent create(UUID workspaceId, AgentInput input) {
    access.require(workspaceId, Role.MEMBER);
    Agent agent = insert(workspaceId, input, Tenancy.currentUserId());
    audit(workspaceId, "agent.created", agent);
    return agent;
  }

  /** Creates an agent without a caller, for workspace provisioning in a system transaction. */
  public Agent provision(UUID workspaceId, AgentInput input, UUID createdBy) {
    return insert(workspaceId, input, createdBy);
  }

  @Transactional
  public Agent update(UUID workspaceId, UUID agentId, AgentInput patch) {
    access.require(workspaceId, Role.MEMBER);
    Agent current =
        agents.find(workspaceId, agentId).orElseThrow(() -> OrchestrateException.notFound("Agent"));
    AgentInput merged = withDefaults(patch.over(current));
    validate(workspaceId, merged);
    if (!merged.slug().equals(current.slug())) {
      requireFreeSlug(workspaceId, merged.slug());
    }
    Agent updated = agents.update(workspaceId, agentId, merged);
    audit(workspaceId, "agent.updated", updated);
    return updated;
  }

  @Transactional
  public void delete(UUID workspaceId, UUID agentId) {
    access.require(workspaceId, Role.MEMBER);
    Agent agent =
        agents.find(workspaceId, agentId).orElseThrow(() -> OrchestrateException.notFound("Agent"));
    agents.delete(workspaceId, agentId);
    audit(workspaceId, "agent.deleted", agent);
  }

  private void audit(UUID workspaceId, String action, Agent agent) {
    events.publishEvent(
        new AuditEvent(
            workspaceId,
            Tenancy.currentUserId(),
            "agents",
            action,
            Map.of(
                "agent_id", agent.id(),
                "slug", agent.slug(),
                "model_provider", agent.modelProvider().value(),
                "model", agent.model())));
  }

  private Agent insert(UUID workspaceId, AgentInput input, UUID createdBy) {
    AgentInput complete = withDefaults(input);
    validate(workspaceId, complete);
    requireFreeSlug(workspaceId, complete.slug());
    return agents.insert(workspaceId, complete, createdBy);
  }

  private void validate(UUID workspaceId, AgentInput input) {
    Validation validation = AgentRules.check(input, mcp.names(workspaceId));
    // A model without a price would run for free: refuse it now rather than at the first call.
    if (!validation.hasProblems() && !prices.isPriced(input.modelProvider(), input.model())) {
      validation.add(
          "model",
          "the model '" + input.model() + "' has no price; add it to orchestrate.billing.models");
    }
    validation.throwIfInvalid();
  }

  private void requireFreeSlug(UUID workspaceId, String slug) {
    if (agents.findBySlug(workspaceId, slug).isPresent()) {
      throw OrchestrateException.conflict("An agent with the slug '" + slug + "' already exists.");
    }
  }

  private AgentInput withDefaults(AgentInput a) {
    return new AgentInput(
        a.slug(),
        a.name(),
        a.description() == null ? "" : a.description(),
        a.modelProvider(),
        a.model() == null && "simulated".equals(a.modelProvider()) ? "simulated" : a.model(),
        a.systemPrompt() == null ? "" : a.systemPrompt(),
        a.parameters() == null || a.parameters().isNull()
            ? json.createObjectNode()
            : a.parameters(),
        a.costPerRun() == null ? BigDecimal.ZERO : a.costPerRun(),
        a.tools() == null ? List.of() : a.tools());
  }
}
