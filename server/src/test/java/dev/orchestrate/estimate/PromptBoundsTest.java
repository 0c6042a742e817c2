package dev.orchestrate.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.pipeline.graph.Template;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PromptBoundsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNode INPUT = JSON.readTree("{\"query\":\"AI 솔루션\",\"n\":3}");

  private final PromptBounds bounds =
      new PromptBounds(
          INPUT,
          Map.of(
              "check", new OutputBound.Exact(INPUT),
              "write", new OutputBound.Text(100),
              "both", new OutputBound.ByAgent(Map.of("optimist", 50L, "critic", 70L)),
              "crawl", new OutputBound.Json(1000)),
          JSON);

  @Test
  void theInputCountsExactlyAndTextAtItsMaximum() {
    // "Q: " + "AI 솔루션" (6) + " / " + 100
    assertThat(bounds.template(Template.parse("Q: {{input.query}} / {{steps.write.output}}")))
        .isEqualTo(3 + 6 + 3 + 100);
    assertThat(bounds.template(Template.parse("{{input}}"))).isEqualTo(INPUT.toString().length());
    assertThat(bounds.template(Template.parse("{{steps.check.output.n}}"))).isEqualTo(1);
  }

  @Test
  void oneAgentsFieldIsItsTextAndTheWholeObjectIsEscapedJson() {
    assertThat(bounds.template(Template.parse("{{steps.both.output.critic}}"))).isEqualTo(70);
    assertThat(bounds.template(Template.parse("{{steps.both.output}}")))
        .isEqualTo(2 + ("optimist".length() + 6 + 2 * 50) + ("critic".length() + 6 + 2 * 70));
  }

  @Test
  void anyPartOfAToolResultIsBoundedByTheWholeAndAMissingPathByNothing() {
    assertThat(bounds.template(Template.parse("{{steps.crawl.output.content.0.text}}")))
        .isEqualTo(1000);
    assertThat(bounds.template(Template.parse("{{steps.write.output.field}}"))).isZero();
    assertThat(bounds.template(Template.parse("{{input.missing}}"))).isZero();
  }

  @Test
  void neverMoreThanATemplateMayRender() {
    var huge = new PromptBounds(INPUT, Map.of("crawl", new OutputBound.Json(Long.MAX_VALUE)), JSON);
    assertThat(huge.template(Template.parse("x {{steps.crawl.output}} {{steps.crawl.output}}")))
        .isEqualTo(Template.MAX_RENDERED_LENGTH);
  }

  @Test
  void theDefaultPromptHoldsThePrintedInputAndEveryUpstreamResult() {
    long printedInput = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(INPUT).length();
    long none = bounds.byDefault(List.of());
    assertThat(none).isEqualTo("## 입력 (input)\n".length() + printedInput + 1);
    long withWrite = bounds.byDefault(List.of(new PromptBounds.Upstream("write", "Write")));
    assertThat(withWrite - none)
        .isEqualTo(
            "\n## 이전 단계 결과 (results so far)\n".length()
                + "\n### Write (write)\n".length()
                + 100
                + 1);
  }
}
