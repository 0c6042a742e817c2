package dev.orchestrate.engine;

import com.networknt.schema.Error;
import dev.orchestrate.common.schema.JsonSchemaException;
import dev.orchestrate.common.schema.JsonSchemas;
import dev.orchestrate.pipeline.graph.FinalizeNode;
import dev.orchestrate.pipeline.graph.HumanGateNode;
import dev.orchestrate.pipeline.graph.Templates;
import dev.orchestrate.pipeline.graph.ValidationNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The node types that need no outside service: trigger, validation, human gate and finalize. */
@Component
class SimpleHandlers {

  private static final int MAX_REPORTED = 10;

  private final JsonMapper json;
  private final Clock clock;

  SimpleHandlers(JsonMapper json, Clock clock) {
    this.json = json;
    this.clock = clock;
  }

  /** A trigger records the input that started the run. */
  Outcome trigger(NodeContext ctx) {
    return new Outcome.Completed(ctx.input(), List.of());
  }

  /** Checks the execution input against the node's JSON Schema (or: a non-empty object). */
  Outcome validation(NodeContext ctx, ValidationNode node) {
    JsonNode input = ctx.input();
    if (node.schema().isEmpty()) {
      if (input == null || !input.isObject() || input.isEmpty()) {
        return invalid("the input must be a non-empty JSON object");
      }
      return new Outcome.Completed(input, List.of());
    }
    List<Error> errors;
    try {
      // The same compile as at save, so a schema that saved compiles here; its limits hold too.
      errors = JsonSchemas.compile(node.schema().get()).validate(input);
    } catch (JsonSchemaException e) {
      return invalid(e.getMessage());
    }
    if (!errors.isEmpty()) {
      String described =
          errors.stream()
              .limit(MAX_REPORTED)
              .map(e -> locationOf(e) + ": " + e.getMessage())
              .collect(Collectors.joining("; "));
      return invalid("the input does not match the schema: " + described);
    }
    return new Outcome.Completed(input, List.of());
  }

  /** A gate waits; its message is rendered now so that the people asked see the facts. */
  Outcome gate(NodeContext ctx, HumanGateNode node) {
    String message =
        node.message().map(t -> t.render(ctx.input(), ctx.outputs())).orElse(node.label());
    Instant deadline = node.timeout().map(t -> clock.instant().plus(t)).orElse(null);
    return new Outcome.Waiting(message, node.approvers(), deadline);
  }

  /** Finalize sets the execution's output: its template, or every step output by node id. */
  Outcome finalize(NodeContext ctx, FinalizeNode node) {
    if (node.output().isPresent()) {
      return new Outcome.Completed(
          Templates.renderJson(node.output().get(), ctx.input(), ctx.outputs()), List.of());
    }
    ObjectNode all = json.createObjectNode();
    ctx.outputs().forEach(all::set);
    return new Outcome.Completed(all, List.of());
  }

  private static String locationOf(Error error) {
    String location = String.valueOf(error.getInstanceLocation());
    return location.isEmpty() || location.equals("$")
        ? "input"
        : "input" + location.replaceFirst("^\\$", "");
  }

  private static Outcome invalid(String message) {
    return new Outcome.Failed("validation_failed", message, false, List.of());
  }
}
