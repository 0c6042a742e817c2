package dev.orchestrate.pipeline.graph;

import static dev.orchestrate.pipeline.graph.Graphs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TemplateTest {

  private static final JsonNode INPUT = json("{'query': 'grants', 'filters': {'region': 'Seoul'}}");
  private static final Map<String, JsonNode> STEPS =
      Map.of(
          "crawl", json("{'items': [{'title': 'A'}, {'title': 'B'}], 'count': 2}"),
          "review", json("'looks good'"));

  @Test
  void splitsTextIntoLiteralsAndReferences() {
    Template template = Template.parse("Find {{input.query}} in {{ steps.crawl.output.items }}!");

    assertThat(template.segments())
        .containsExactly(
            new Template.Literal("Find "),
            new Template.Reference(TemplateRef.input(List.of("query"))),
            new Template.Literal(" in "),
            new Template.Reference(TemplateRef.step("crawl", List.of("items"))),
            new Template.Literal("!"));
    assertThat(template.references())
        .extracting(TemplateRef::path)
        .containsExactly("input.query", "steps.crawl.output.items");
  }

  @Test
  void parsesTextWithoutReferencesAndStrayClosingBraces() {
    assertThat(Template.parse("no refs }} here").references()).isEmpty();
    assertThat(Template.parse("").segments()).isEmpty();
  }

  @Test
  void rendersStringsRawAndOtherValuesAsCompactJson() {
    String text =
        Template.parse(
                "{{input.query}}|{{input.filters}}|{{steps.crawl.output.count}}|{{steps.review.output}}")
            .render(INPUT, STEPS);

    assertThat(text).isEqualTo("grants|{\"region\":\"Seoul\"}|2|looks good");
  }

  @Test
  void rendersTheWholeInputAndIndexesIntoArrays() {
    assertThat(Template.parse("{{input}}").render(json("[1, 2]"), STEPS)).isEqualTo("[1,2]");
    assertThat(Template.parse("{{steps.crawl.output.items.1.title}}").render(INPUT, STEPS))
        .isEqualTo("B");
  }

  @Test
  void failsNamingThePathWhenAValueIsMissingAtRunTime() {
    assertThatThrownBy(() -> Template.parse("{{steps.crawl.output.pages}}").render(INPUT, STEPS))
        .isInstanceOf(TemplateValueMissingException.class)
        .hasMessageContaining("steps.crawl.output.pages")
        .extracting(e -> ((TemplateValueMissingException) e).path())
        .isEqualTo("steps.crawl.output.pages");
    assertThatThrownBy(() -> Template.parse("{{steps.later.output}}").render(INPUT, STEPS))
        .hasMessageContaining("steps.later.output");
    assertThatThrownBy(() -> Template.parse("{{input.filters.city}}").render(INPUT, STEPS))
        .hasMessageContaining("input.filters.city");
    assertThatThrownBy(() -> Template.parse("{{steps.crawl.output.items.9}}").render(INPUT, STEPS))
        .hasMessageContaining("steps.crawl.output.items.9");
  }

  @Test
  void rejectsAnUnclosedReference() {
    assertThatThrownBy(() -> Template.parse("Hello {{input.name"))
        .isInstanceOf(TemplateSyntaxException.class)
        .hasMessageContaining("unclosed");
  }

  @Test
  void rejectsAnEmptyReference() {
    assertThatThrownBy(() -> Template.parse("{{  }}"))
        .isInstanceOf(TemplateSyntaxException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void rejectsAnUnknownRoot() {
    assertThatThrownBy(() -> Template.parse("{{foo.bar}}"))
        .isInstanceOf(TemplateSyntaxException.class)
        .hasMessageContaining("{{foo.bar}}")
        .hasMessageContaining("'input' or 'steps.<id>.output'");
  }

  @Test
  void rejectsAStepReferenceWithoutOutput() {
    assertThatThrownBy(() -> Template.parse("{{steps.crawl}}"))
        .isInstanceOf(TemplateSyntaxException.class)
        .hasMessageContaining("steps.<id>.output");
    assertThatThrownBy(() -> Template.parse("{{steps.crawl.status}}"))
        .isInstanceOf(TemplateSyntaxException.class);
  }

  @Test
  void rejectsEmptyOrSpacedFieldNames() {
    assertThatThrownBy(() -> Template.parse("{{input..a}}"))
        .isInstanceOf(TemplateSyntaxException.class);
    assertThatThrownBy(() -> Template.parse("{{input.a b}}"))
        .isInstanceOf(TemplateSyntaxException.class);
    assertThatThrownBy(() -> Template.parse("{{input.}}"))
        .isInstanceOf(TemplateSyntaxException.class);
  }
}
