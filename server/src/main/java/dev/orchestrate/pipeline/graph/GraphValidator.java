package dev.orchestrate.pipeline.graph;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Checks a {@code graph_definition} against the contract and a workspace, reporting every problem
 * with its path. Pure and thread-safe: it never throws on bad input, and returns the parsed {@link
 * GraphDefinition} when there is nothing to report.
 */
public final class GraphValidator {

  private static final Logger log = LoggerFactory.getLogger(GraphValidator.class);

  public static final int MAX_NODES = 200;
  public static final int MAX_EDGES = 1000;
  public static final int MAX_STEPS = 10_000;

  private static final Set<String> FIELDS =
      Set.of(
          "entry_point",
          "nodes",
          "edges",
          "max_steps",
          "budget",
          "on_budget",
          "description",
          "metadata");

  public GraphValidation validate(JsonNode graph, WorkspaceCatalog catalog) {
    Objects.requireNonNull(catalog, "catalog");
    Problems problems = new Problems();
    if (graph == null || !graph.isObject()) {
      problems.add("", "graph must be a JSON object");
      return GraphValidation.of(problems.list());
    }
    try {
      return validate(new JsonFields(graph, "", problems), catalog, problems);
    } catch (RuntimeException e) {
      // A bug here must not turn a user's graph into a 500: report it with what was found so far,
      // in plain words; the details go to the log.
      log.warn("Graph validation failed unexpectedly", e);
      problems.add("", "graph could not be validated");
      return GraphValidation.of(problems.list());
    }
  }

  private static GraphValidation validate(
      JsonFields top, WorkspaceCatalog catalog, Problems problems) {
    top.rejectUnknown(FIELDS, "in the graph");
    top.optionalText("description");
    long maxSteps =
        top.optionalInteger("max_steps", 1, MAX_STEPS)
            .orElse((long) GraphDefinition.DEFAULT_MAX_STEPS);
    Optional<BigDecimal> budget = top.optionalAmount("budget", GraphDefinition.MAX_BUDGET);
    OnBudget onBudget = onBudget(top);
    Optional<String> entryPoint = top.requiredText("entry_point");
    List<JsonNode> nodeJson = elements(top, "nodes");
    List<JsonNode> edgeJson = elements(top, "edges");
    if (top.optional("nodes").map(nodes -> nodes.isArray() && nodes.isEmpty()).orElse(true)) {
      problems.add("nodes", "graph has no nodes");
    }
    if (!withinLimits(nodeJson, edgeJson, problems)) {
      return GraphValidation.of(problems.list());
    }
    NodeParser parser = new NodeParser(catalog);
    List<ParsedNode> nodes = new ArrayList<>();
    for (int i = 0; i < nodeJson.size(); i++) {
      nodes.add(parser.parse(nodeJson.get(i), i, problems));
    }
    List<ParsedEdge> edges = new ArrayList<>();
    for (int i = 0; i < edgeJson.size(); i++) {
      EdgeParser.parse(edgeJson.get(i), i, problems).ifPresent(edges::add);
    }
    GraphStructure structure = new GraphStructure(nodes, edges, problems);
    structure.checkEntryPoint(entryPoint);
    Cycles.check(structure, problems);
    List<TemplateUse> uses = nodes.stream().flatMap(n -> n.templateUses().stream()).toList();
    TemplateReferences.check(uses, structure, problems);
    if (!problems.isEmpty()) {
      return GraphValidation.of(problems.list());
    }
    return GraphValidation.of(
        definition(
            entryPoint.orElseThrow(), nodes, structure.edges(), (int) maxSteps, budget, onBudget));
  }

  private static OnBudget onBudget(JsonFields top) {
    Optional<String> wire = top.optionalText("on_budget");
    Optional<OnBudget> parsed = wire.flatMap(OnBudget::parse);
    if (wire.isPresent() && parsed.isEmpty()) {
      top.problem("on_budget", "on_budget must be \"pause\" or \"fail\"");
    }
    return parsed.orElse(OnBudget.PAUSE);
  }

  private static List<JsonNode> elements(JsonFields top, String field) {
    List<JsonNode> elements = new ArrayList<>();
    top.optionalArray(field).ifPresent(array -> array.forEach(elements::add));
    return elements;
  }

  // Past these sizes the per-node checks (schemas, CEL, reachability) would cost too much.
  private static boolean withinLimits(List<JsonNode> nodes, List<JsonNode> edges, Problems p) {
    if (nodes.size() > MAX_NODES) {
      p.add("nodes", "graph has " + nodes.size() + " nodes; at most " + MAX_NODES + " are allowed");
    }
    if (edges.size() > MAX_EDGES) {
      p.add("edges", "graph has " + edges.size() + " edges; at most " + MAX_EDGES + " are allowed");
    }
    return nodes.size() <= MAX_NODES && edges.size() <= MAX_EDGES;
  }

  private static GraphDefinition definition(
      String entryPoint,
      List<ParsedNode> nodes,
      List<ParsedEdge> edges,
      int maxSteps,
      Optional<BigDecimal> budget,
      OnBudget onBudget) {
    List<NodeSpec> specs = nodes.stream().map(node -> node.spec().orElseThrow()).toList();
    List<EdgeSpec> edgeSpecs =
        edges.stream()
            .map(e -> new EdgeSpec(e.from().orElseThrow(), e.to().orElseThrow(), e.condition()))
            .toList();
    return new GraphDefinition(entryPoint, specs, edgeSpecs, maxSteps, budget, onBudget);
  }
}
