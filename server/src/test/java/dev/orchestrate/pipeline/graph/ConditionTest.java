package dev.orchestrate.pipeline.graph;

import static dev.orchestrate.pipeline.graph.Graphs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionTest {

  private static Map<String, Object> steps(String json) {
    return CelValues.mapFromJson(json(json));
  }

  private static Map<String, Object> input(String json) {
    return CelValues.mapFromJson(json(json));
  }

  @Test
  void testsAHumanDecision() {
    Condition rejected = Condition.compile("steps.review.output.decision == \"rejected\"");

    assertThat(
            rejected.evaluate(
                input("{}"),
                steps("{'review': {'status': 'succeeded', 'output': {'decision': 'rejected'}}}")))
        .isTrue();
    assertThat(
            rejected.evaluate(
                input("{}"), steps("{'review': {'output': {'decision': 'approved'}}}")))
        .isFalse();
  }

  @Test
  void comparesNumbersOfTheInputWhateverTheirJsonType() {
    Condition condition = Condition.compile("input.score > 3");

    assertThat(condition.evaluate(input("{'score': 4}"), Map.of())).isTrue();
    assertThat(condition.evaluate(input("{'score': 3.5}"), Map.of())).isTrue();
    assertThat(condition.evaluate(input("{'score': 2}"), Map.of())).isFalse();
  }

  @Test
  void supportsMacrosAndNullChecks() {
    Map<String, Object> steps = steps("{'crawl': {'output': {'items': [1, 2, 3], 'next': null}}}");

    assertThat(Condition.compile("size(steps.crawl.output.items) == 3").evaluate(Map.of(), steps))
        .isTrue();
    assertThat(
            Condition.compile("steps.crawl.output.items.exists(i, i > 2)")
                .evaluate(Map.of(), steps))
        .isTrue();
    assertThat(Condition.compile("steps.crawl.output.next == null").evaluate(Map.of(), steps))
        .isTrue();
    assertThat(Condition.compile("has(steps.crawl.output.more)").evaluate(Map.of(), steps))
        .isFalse();
  }

  @Test
  void reportsASyntaxErrorWithCelsMessage() {
    assertThatThrownBy(() -> Condition.compile("input.score >"))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("ERROR");
  }

  @Test
  void reportsAnUndeclaredVariable() {
    assertThatThrownBy(() -> Condition.compile("score > 3"))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("undeclared reference");
  }

  @Test
  void reportsAnExpressionThatIsNotABool() {
    assertThatThrownBy(() -> Condition.compile("1 + 2"))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("bool");
  }

  @Test
  void failsWhenEvaluationFailsOrYieldsANonBool() {
    assertThatThrownBy(
            () -> Condition.compile("steps.missing.output.ok").evaluate(Map.of(), Map.of()))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("steps.missing.output.ok");
    assertThatThrownBy(() -> Condition.compile("input.x").evaluate(input("{'x': 'yes'}"), Map.of()))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("instead of a bool");
  }

  @Test
  void keepsItsExpression() {
    assertThat(Condition.compile("true").expression()).isEqualTo("true");
  }
}
