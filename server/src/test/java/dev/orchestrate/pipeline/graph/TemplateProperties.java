package dev.orchestrate.pipeline.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.support.ForAll;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Templates: parsing and rendering throw only their planned exceptions, within their budget. */
class TemplateProperties {

  private static final List<String> TOKENS =
      List.of(
          "{{",
          "}}",
          "{",
          "}",
          " ",
          ".",
          "input",
          "steps",
          "s",
          "output",
          "items",
          "0",
          "1",
          "-1",
          "a",
          "text",
          "big",
          "hello ",
          "\t",
          "steps.s.output",
          "input.items",
          "{{input}}",
          "{{input.big}}",
          "{{input.big}}{{input.big}}{{input.big}}",
          "{{steps.s.output}}",
          "{{input.items.0}}",
          "{{steps.s.output.items.1}}");

  private record Case(String template, JsonNode input, Map<String, JsonNode> outputs) {
    @Override
    public String toString() {
      return template;
    }
  }

  private record JsonCase(JsonNode value, Case context) {
    @Override
    public String toString() {
      return value.toString();
    }
  }

  private static Case aCase(Random random) {
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    input.set("items", Generated.json(random, 3));
    input.set("text", Generated.json(random, 2));
    // Now and then a value large enough for repetition to pass the limit.
    input.put("big", "x".repeat(random.nextInt(4) == 0 ? 400_000 : 10));
    Map<String, JsonNode> outputs =
        random.nextBoolean() ? Map.of("s", Generated.json(random, 4)) : Map.of();
    return new Case(Generated.tokens(random, TOKENS, 30), input, outputs);
  }

  @Test
  void parseAndRenderThrowOnlyWhatTheyPlanAndStayWithinBudget() {
    ForAll.check(
        "template",
        TemplateProperties::aCase,
        c -> {
          Template template;
          try {
            template = Template.parse(c.template());
          } catch (TemplateSyntaxException refused) {
            return;
          }
          try {
            String rendered = template.render(c.input(), c.outputs());
            assertThat(rendered.length()).isLessThanOrEqualTo(Template.MAX_RENDERED_LENGTH);
          } catch (TemplateValueMissingException | TemplateTooLargeException planned) {
            assertThat(planned.getMessage()).doesNotContainPattern(Generated.JAVA_TYPE);
          }
        });
  }

  @Test
  void jsonValuesRenderOrThrowOnlyWhatTheyPlan() {
    ForAll.check(
        "template JSON",
        random -> {
          Case c = aCase(random);
          JsonNode value =
              random.nextInt(20) == 0
                  ? Generated.deep(450)
                  : withTemplates(random, Generated.json(random, 4), c.template());
          return new JsonCase(value, c);
        },
        jsonCase -> {
          JsonNode value = jsonCase.value();
          Case c = jsonCase.context();
          try {
            Templates.referencesIn(value);
            JsonNode rendered = Templates.renderJson(value, c.input(), c.outputs());
            assertThat(rendered.toString().length())
                .isLessThanOrEqualTo(Template.MAX_RENDERED_LENGTH + 10_000);
          } catch (TemplateSyntaxException
              | TemplateValueMissingException
              | TemplateTooLargeException planned) {
            assertThat(planned.getMessage()).doesNotContainPattern(Generated.JAVA_TYPE);
          }
        });
  }

  /** {@code json} with some of its strings replaced by templates. */
  private static JsonNode withTemplates(Random random, JsonNode json, String template) {
    if (json.isString()) {
      return JsonNodeFactory.instance.stringNode(
          random.nextBoolean() ? template : Generated.pick(random, "{{input}}", "{{input.big}}"));
    }
    if (json.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      json.forEachEntry((key, child) -> out.set(key, withTemplates(random, child, template)));
      return out;
    }
    if (json.isArray()) {
      var out = JsonNodeFactory.instance.arrayNode();
      json.forEach(child -> out.add(withTemplates(random, child, template)));
      return out;
    }
    return json;
  }
}
