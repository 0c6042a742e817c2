package dev.orchestrate.pipeline.graph;

import static dev.orchestrate.pipeline.graph.Graphs.problemPaths;
import static dev.orchestrate.pipeline.graph.Graphs.validate;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** A pipeline's default budget and what its runs do when the next paid node would not fit. */
class BudgetFieldsTest {

  private static String graph(String topFields) {
    return "{"
        + topFields
        + " 'entry_point': 'a', 'nodes': [{'id': 'a', 'type': 'trigger', 'label': 'A'}]}";
  }

  @Test
  void aGraphWithoutBudgetIsUnlimitedAndPausesByDefault() {
    GraphDefinition graph = validate(graph("")).graph().orElseThrow();

    assertThat(graph.budget()).isEmpty();
    assertThat(graph.onBudget()).isEqualTo(OnBudget.PAUSE);
  }

  @Test
  void readsTheDefaultBudgetAndThePolicy() {
    GraphDefinition graph =
        validate(graph("'budget': 12.5, 'on_budget': 'fail',")).graph().orElseThrow();

    assertThat(graph.budget()).contains(new BigDecimal("12.5"));
    assertThat(graph.onBudget()).isEqualTo(OnBudget.FAIL);
    assertThat(validate(graph("'on_budget': 'pause',")).graph().orElseThrow().onBudget())
        .isEqualTo(OnBudget.PAUSE);
  }

  @Test
  void reportsABudgetThatIsNotAPositiveAmountWithAtMostFourDecimals() {
    for (String value :
        new String[] {"0", "-1", "1.00001", "'ten'", "true", "{}", "1000000000.5", "1e12"}) {
      assertThat(problemPaths(graph("'budget': " + value + ",")))
          .as(value)
          .containsExactly("budget");
    }
    assertThat(problemPaths(graph("'budget': 0.0001,"))).isEmpty();
    assertThat(problemPaths(graph("'budget': 1000000000,"))).isEmpty();
  }

  // Drill 10 found the same in spending limits: a number past a double's range is read as an
  // infinite double, which has no decimal value, and reading it as one threw.
  @Test
  void reportsABudgetPastEveryRangeInsteadOfThrowing() {
    for (String value : new String[] {"1e400", "-1e400"}) {
      assertThat(problemPaths(graph("'budget': " + value + ",")))
          .as(value)
          .containsExactly("budget");
    }
  }

  @Test
  void reportsAnUnknownPolicy() {
    assertThat(problemPaths(graph("'on_budget': 'stop',"))).containsExactly("on_budget");
    assertThat(problemPaths(graph("'on_budget': 1,"))).containsExactly("on_budget");
    assertThat(validate(graph("'on_budget': 'PAUSE',")).problems())
        .extracting(GraphProblem::message)
        .containsExactly("on_budget must be \"pause\" or \"fail\"");
  }
}
