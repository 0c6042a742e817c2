package dev.orchestrate.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code orchestrate run <pipeline>}: starts an execution and shows it live to its end. */
@Command(name = "run", sortOptions = false)
final class RunCommand extends Action {

  @Parameters(index = "0", paramLabel = "PIPELINE", descriptionKey = "param.pipeline")
  String pipeline;

  @Parameters(index = "1..*", paramLabel = "KEY=VALUE", descriptionKey = "param.fields")
  List<String> fields = new ArrayList<>();

  @Option(names = "--input", paramLabel = "JSON", descriptionKey = "option.input")
  String input;

  @Option(names = "--input-file", paramLabel = "FILE", descriptionKey = "option.input_file")
  String inputFile;

  @Option(names = "--budget", paramLabel = "CREDITS", descriptionKey = "option.budget")
  String budget;

  @Mixin LiveOptions live;

  @Option(
      names = "--idempotency-key",
      paramLabel = "KEY",
      descriptionKey = "option.idempotency_key")
  String idempotencyKey;

  @Override
  int run(Context context) throws InterruptedException {
    JsonNode body = input(context);
    BigDecimal limit = budget == null ? null : Amounts.parse(budget, context.messages());
    JsonNode found = Pipelines.find(context, pipeline);
    Map<String, Object> start = new LinkedHashMap<>();
    start.put("pipeline_id", found.path("id").asString());
    start.put("input", body);
    if (limit != null) {
      start.put("budget", limit);
    }
    if (idempotencyKey != null) {
      start.put("idempotency_key", idempotencyKey);
    }
    JsonNode started = context.api().post("/orchestrate/pipeline/start", start);
    String id = started.path("execution_id").asString();
    JsonNode execution = context.api().get("/orchestrate/executions/" + id);
    return live.view(context).show(execution);
  }

  private JsonNode input(Context context) {
    try {
      return new InputArgs(context.json(), InputArgs.realFiles()).parse(input, inputFile, fields);
    } catch (InputArgs.Problem problem) {
      throw new CliException(
          ExitCodes.USAGE, "bad_input", context.messages().get(problem.key(), problem.args()));
    }
  }
}
