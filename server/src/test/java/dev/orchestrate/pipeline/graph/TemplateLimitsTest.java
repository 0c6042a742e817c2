package dev.orchestrate.pipeline.graph;

import static dev.orchestrate.pipeline.graph.Graphs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Rendering is bounded by its output, however the template repeats a value. */
class TemplateLimitsTest {

  private static final JsonNode INPUT =
      JsonNodeFactory.instance
          .objectNode()
          .put("text", "x".repeat(1_000))
          .set("items", json("[1, 2, 3]"));

  @Test
  void stopsATemplateThatRepeatsAValuePastTheLimit() {
    Template template = Template.parse("{{input.text}}".repeat(1_001));

    assertThatThrownBy(() -> template.render(INPUT, Map.of()))
        .isInstanceOf(TemplateTooLargeException.class)
        .hasMessage("the template renders to more than 1000000 characters, the most allowed");
    assertThat(Template.parse("{{input.text}}".repeat(999)).render(INPUT, Map.of()))
        .hasSize(999_000);
  }

  @Test
  void stopsAJsonValueWhoseStringsTogetherPassTheLimit() {
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i < 1_001; i++) {
      output.put("k" + i, "{{input}}");
    }

    assertThatThrownBy(() -> Templates.renderJson(output, INPUT, Map.of()))
        .isInstanceOf(TemplateTooLargeException.class);
  }

  @Test
  void refusesAHugeValueBeforeCopyingIt() {
    JsonNode huge = JsonNodeFactory.instance.stringNode("y".repeat(Template.MAX_RENDERED_LENGTH));

    assertThatThrownBy(
            () ->
                Templates.renderJson(json("{'a': '{{steps.s.output}}'}"), INPUT, Map.of("s", huge)))
        .isInstanceOf(TemplateTooLargeException.class);
    assertThatThrownBy(
            () ->
                Template.parse("{{steps.s.output}}")
                    .render(INPUT, Map.of("s", json("{'big': '" + "z".repeat(1_000_001) + "'}"))))
        .isInstanceOf(TemplateTooLargeException.class);
  }

  @Test
  void aBadIndexIsAMissingValue() {
    for (String index : new String[] {"-1", "3", "99999999999", "1e3"}) {
      assertThatThrownBy(
              () -> Template.parse("{{input.items." + index + "}}").render(INPUT, Map.of()))
          .as(index)
          .isInstanceOf(TemplateValueMissingException.class);
    }
  }
}
