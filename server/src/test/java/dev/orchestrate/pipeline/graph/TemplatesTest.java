package dev.orchestrate.pipeline.graph;

import static dev.orchestrate.pipeline.graph.Graphs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TemplatesTest {

  private static final JsonNode INPUT = json("{'query': 'grants'}");
  private static final Map<String, JsonNode> STEPS =
      Map.of("crawl", json("{'items': ['a', 'b'], 'count': 2}"));

  @Test
  void collectsReferencesFromEveryStringInsideAValue() {
    JsonNode value =
        json("{'q': '{{input.query}}', 'opts': {'list': ['x', '{{steps.crawl.output}}']}, 'n': 3}");

    assertThat(Templates.referencesIn(value))
        .extracting(TemplateRef::path)
        .containsExactly("input.query", "steps.crawl.output");
  }

  @Test
  void refusesToCollectFromAMalformedTemplate() {
    assertThatThrownBy(() -> Templates.referencesIn(json("{'q': '{{input'}")))
        .isInstanceOf(TemplateSyntaxException.class);
  }

  @Test
  void rendersEveryStringAndKeepsOtherValues() {
    JsonNode rendered =
        Templates.renderJson(
            json(
                "{'q': 'about {{input.query}}', 'n': 3, 'flag': true, 'list': ['{{steps.crawl.output.count}} items']}"),
            INPUT,
            STEPS);

    assertThat(rendered)
        .isEqualTo(json("{'q': 'about grants', 'n': 3, 'flag': true, 'list': ['2 items']}"));
  }

  @Test
  void replacesAStringThatIsOneReferenceByTheValueItself() {
    JsonNode rendered =
        Templates.renderJson(
            json(
                "{'items': '{{steps.crawl.output.items}}', 'count': '{{ steps.crawl.output.count }}'}"),
            INPUT,
            STEPS);

    assertThat(rendered).isEqualTo(json("{'items': ['a', 'b'], 'count': 2}"));
  }

  @Test
  void rendersAPlainStringValue() {
    assertThat(Templates.renderJson(json("'{{input.query}}!'"), INPUT, STEPS))
        .isEqualTo(json("'grants!'"));
  }

  @Test
  void failsNamingThePathOfAMissingValue() {
    assertThatThrownBy(
            () -> Templates.renderJson(json("{'x': ['{{steps.gone.output.a}}']}"), INPUT, STEPS))
        .isInstanceOf(TemplateValueMissingException.class)
        .hasMessageContaining("steps.gone.output.a");
  }
}
