package dev.orchestrate.pipeline;

import dev.orchestrate.agent.AgentService;
import dev.orchestrate.common.AuditEvent;
import dev.orchestrate.common.FieldProblem;
import dev.orchestrate.common.OrchestrateException;
import dev.orchestrate.common.Validation;
import dev.orchestrate.database.Tenancy;
import dev.orchestrate.mcp.McpConnections;
import dev.orchestrate.pipeline.graph.GraphDefinition;
import dev.orchestrate.pipeline.graph.GraphValidation;
import dev.orchestrate.pipeline.graph.GraphValidator;
import dev.orchestrate.pipeline.graph.WorkspaceCatalog;
import dev.orchestrate.workspace.Role;
import dev.orchestrate.workspace.WorkspaceAccess;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Pipelines and their versions. Every saved graph has passed validation against its workspace. */
@Service
public class PipelineService {

  private static final Pattern SLUG = Pattern.compile("^[a-z][a-z0-9_-]{0,63}$");

  private final PipelineRepository pipelines;
  private final WorkspaceAccess access;
  private final AgentService agents;
  private final McpConnections mcp;
  private final ApplicationEventPublisher events;
  private final GraphValidator validator = new GraphValidator();

  PipelineService(
      PipelineRepository pipelines,
      WorkspaceAccess access,
      AgentService agents,
      McpConnections mcp,
      ApplicationEventPublisher events) {
    this.pipelines = pipelines;
    this.access = access;
    this.agents = agents;
    this.mcp = mcp;
    this.events = events;
  }

  @Transactional(readOnly = true)
  public List<Pipeline> list(UUID workspaceId) {
    access.require(workspaceId, Role.VIEWER);
    return pipelines.list(workspaceId);
  }

  @Transactional(readOnly = true)
  public Pipeline get(UUID workspaceId, UUID pipelineId) {
    access.require(workspaceId, Role.VIEWER);
    return pipelines.find(workspaceId, pipelineId).orElseThrow(PipelineService::notFound);
  }

  /**
   * Finds a pipeline by id alone, in whichever of the caller's workspaces it lives, and checks the
   * caller's role there; another workspace's pipeline answers 404 like an unknown one.
   */
  @Transactional(readOnly = true)
  public Located locate(UUID pipelineId, Role required) {
    UUID workspaceId = pipelines.workspaceOf(pipelineId).orElseThrow(PipelineService::notFound);
    access.require(workspaceId, required);
    return new Located(workspaceId, pipelines.find(workspaceId, pipelineId).orElseThrow());
  }

  /** A pipeline with the workspace it belongs to. */
  public record Located(UUID workspaceId, Pipeline pipeline) {}

  @Transactional(readOnly = true)
  public Pipeline getVersion(UUID workspaceId, UUID pipelineId, int version) {
    access.require(workspaceId, Role.VIEWER);
    return pipelines
        .findVersion(workspaceId, pipelineId, version)
        .orElseThrow(() -> OrchestrateException.notFound("Pipeline version"));
  }

  @Transactional(readOnly = true)
  public List<PipelineVersion> versions(UUID workspaceId, UUID pipelineId) {
    access.require(workspaceId, Role.VIEWER);
    pipelines.find(workspaceId, pipelineId).orElseThrow(PipelineService::notFound);
    return pipelines.versions(workspaceId, pipelineId);
  }

  /** Checks a graph against the workspace without saving it; throws 422 with every problem. */
  @Transactional(readOnly = true)
  public void validate(UUID workspaceId, JsonNode graph) {
    access.require(workspaceId, Role.VIEWER);
    var v = new Validation();
    checkGraph(workspaceId, graph, v);
    v.throwIfInvalid();
  }

  /**
   * The graph of a pinned version, parsed for running. Agents and connections are not checked here
   * (that happened at save and at start); a missing one fails its step when it runs.
   */
  // A version that no longer passes today's checks is an answer, not a failed transaction: the
  // caller (showing an old execution) may go on in the same one.
  @Transactional(readOnly = true, noRollbackFor = OrchestrateException.class)
  public GraphDefinition definition(UUID workspaceId, UUID pipelineId, int version) {
    Pipeline pipeline =
        pipelines
            .findVersionIncludingDeleted(workspaceId, pipelineId, version)
            .orElseThrow(() -> OrchestrateException.notFound("Pipeline version"));
    GraphValidation parsed = validator.validate(pipeline.graphDefinition(), ANYTHING);
    return parsed
        .graph()
        .orElseThrow(
            () ->
                OrchestrateException.invalid(
                    parsed.problems().stream()
                        .map(p -> new FieldProblem(p.path(), p.message()))
                        .toList()));
  }

  /** The catalog that has everything: for parsing a graph whose references were checked before. */
  private static final WorkspaceCatalog ANYTHING =
      new WorkspaceCatalog() {
        @Override
        public boolean hasAgent(String slug) {
          return true;
        }

        @Override
        public boolean hasMcpConnection(String name) {
          return true;
        }
      };

  /** Validates a graph against what the workspace has now (the engine calls this at start). */
  @Transactional(readOnly = true)
  public GraphValidation validateGraph(UUID workspaceId, JsonNode graph) {
    return validator.validate(graph, catalog(workspaceId));
  }

  @Transactional
  public Pipeline create(UUID workspaceId, PipelineInput input) {
    access.require(workspaceId, Role.MEMBER);
    Pipeline pipeline = insert(workspaceId, input, Tenancy.currentUserId());
    audit(workspaceId, "pipeline.created", pipeline);
    return pipeline;
  }

  /** Creates a pipeline without a caller, for workspace provisioning in a system transaction. */
  public Pipeline provision(UUID workspaceId, PipelineInput input, UUID createdBy) {
    return insert(workspaceId, input, createdBy);
  }

  @Transactional
  public Pipeline update(UUID workspaceId, UUID pipelineId, PipelineInput patch) {
    access.require(workspaceId, Role.MEMBER);
    int currentVersion =
        pipelines
            .lockCurrentVersion(workspaceId, pipelineId)
            .orElseThrow(PipelineService::notFound);
    Pipeline current = pipelines.find(workspaceId, pipelineId).orElseThrow();
    var merged =
        new PipelineInput(
            patch.slug() != null ? patch.slug() : current.slug(),
            patch.name() != null ? patch.name() : current.name(),
            patch.description() != null ? patch.description() : current.description(),
            patch.graphDefinition() != null ? patch.graphDefinition() : current.graphDefinition());
    check(workspaceId, merged);
    if (!merged.slug().equals(current.slug()) && pipelines.slugTaken(workspaceId, merged.slug())) {
      throw slugTaken(merged.slug());
    }
    int version = currentVersion;
    if (patch.graphDefinition() != null
        && !Objects.equals(patch.graphDefinition(), current.graphDefinition())) {
      version = currentVersion + 1;
      pipelines.insertVersion(
          workspaceId, pipelineId, version, merged.graphDefinition(), Tenancy.currentUserId());
    }
    pipelines.updateFields(workspaceId, pipelineId, merged, version);
    Pipeline updated = pipelines.find(workspaceId, pipelineId).orElseThrow();
    audit(workspaceId, "pipeline.updated", updated);
    return updated;
  }

  @Transactional
  public void delete(UUID workspaceId, UUID pipelineId) {
    access.require(workspaceId, Role.MEMBER);
    Pipeline pipeline =
        pipelines.find(workspaceId, pipelineId).orElseThrow(PipelineService::notFound);
    pipelines.delete(workspaceId, pipelineId);
    audit(workspaceId, "pipeline.deleted", pipeline);
  }

  private void audit(UUID workspaceId, String action, Pipeline pipeline) {
    events.publishEvent(
        new AuditEvent(
            workspaceId,
            Tenancy.currentUserId(),
            "pipelines",
            action,
            Map.of(
                "pipeline_id",
                pipeline.id(),
                "slug",
                pipeline.slug(),
                "version",
                pipeline.version())));
  }

  private Pipeline insert(UUID workspaceId, PipelineInput input, UUID createdBy) {
    var complete =
        new PipelineInput(
            input.slug(),
            input.name(),
            input.description() == null ? "" : input.description(),
            input.graphDefinition());
    check(workspaceId, complete);
    if (pipelines.slugTaken(workspaceId, complete.slug())) {
      throw slugTaken(complete.slug());
    }
    UUID id = pipelines.insert(workspaceId, complete, createdBy);
    return pipelines.find(workspaceId, id).orElseThrow();
  }

  private void check(UUID workspaceId, PipelineInput p) {
    var v = new Validation();
    v.check(
        p.slug() != null && SLUG.matcher(p.slug()).matches(),
        "slug",
        "must match ^[a-z][a-z0-9_-]{0,63}$");
    v.check(p.name() != null && !p.name().isBlank(), "name", "must not be blank");
    v.check(p.name() == null || p.name().length() <= 200, "name", "must be at most 200 characters");
    v.check(
        p.description() == null || p.description().length() <= 5000,
        "description",
        "must be at most 5000 characters");
    checkGraph(workspaceId, p.graphDefinition(), v);
    v.throwIfInvalid();
  }

  private void checkGraph(UUID workspaceId, JsonNode graph, Validation v) {
    if (graph == null || graph.isNull()) {
      v.add("graph_definition", "is required");
      return;
    }
    // Graph problems keep the contract's paths relative to the graph, e.g. nodes[3].agent_slug.
    GraphValidation result = validator.validate(graph, catalog(workspaceId));
    v.addAll(result.fieldProblems());
  }

  private WorkspaceCatalog catalog(UUID workspaceId) {
    Set<String> agentSlugs = agents.slugs(workspaceId);
    Set<String> connections = mcp.names(workspaceId);
    return new WorkspaceCatalog() {
      @Override
      public boolean hasAgent(String slug) {
        return agentSlugs.contains(slug);
      }

      @Override
      public boolean hasMcpConnection(String name) {
        return connections.contains(name);
      }
    };
  }

  private static OrchestrateException notFound() {
    return OrchestrateException.notFound("Pipeline");
  }

  private static OrchestrateException slugTaken(String slug) {
    return OrchestrateException.conflict("A pipeline with the slug '" + slug + "' already exists.");
  }
}
