package dev.orchestrate.pipeline.graph;

import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelExpr.CelComprehension;
import java.util.ArrayList;
import java.util.List;

/**
 * What a compiled condition will cost at most, read from its syntax tree before it is saved.
 *
 * <p>cel-java (0.11) has no static cost estimator, only a run-time iteration budget, so this walk
 * bounds the two things that make a short expression expensive: comprehensions ({@code all}, {@code
 * exists}, {@code exists_one}, {@code map}, {@code filter}) nested inside each other, and the
 * iterations they take over list and map literals. A range read from {@code input} or {@code steps}
 * has no size before the run and counts as empty here; the run-time budget bounds it.
 */
final class ConditionCost {

  private int deepestNesting;

  private ConditionCost() {}

  /** Throws {@link ConditionLimitException} when {@code expr} is over a save-time limit. */
  static void check(CelExpr expr) {
    ConditionCost cost = new ConditionCost();
    long iterations = cost.iterations(expr, 0);
    if (cost.deepestNesting > Condition.MAX_NESTED_COMPREHENSIONS) {
      throw new ConditionLimitException(
          "condition nests "
              + cost.deepestNesting
              + " comprehensions (all, exists, exists_one, map, filter) inside each other; at most "
              + Condition.MAX_NESTED_COMPREHENSIONS
              + " are allowed");
    }
    if (iterations > Condition.MAX_ITERATIONS) {
      throw new ConditionLimitException(
          "condition would take "
              + (iterations == Long.MAX_VALUE ? "too many" : String.valueOf(iterations))
              + " iterations over its list literals; at most "
              + Condition.MAX_ITERATIONS
              + " are allowed in one evaluation");
    }
  }

  /** Iterations every comprehension under {@code expr} takes when none stops early. */
  private long iterations(CelExpr expr, int nesting) {
    if (expr.getKind() != CelExpr.ExprKind.Kind.COMPREHENSION) {
      long sum = 0;
      for (CelExpr child : children(expr)) {
        sum = add(sum, iterations(child, nesting));
      }
      return sum;
    }
    CelComprehension loop = expr.comprehension();
    int inside = nesting + 1;
    deepestNesting = Math.max(deepestNesting, inside);
    // CEL counts one iteration per element, whatever the body does.
    long perElement =
        add(1, add(iterations(loop.loopCondition(), inside), iterations(loop.loopStep(), inside)));
    long outside =
        add(
            iterations(loop.iterRange(), nesting),
            add(iterations(loop.accuInit(), nesting), iterations(loop.result(), nesting)));
    return add(outside, multiply(size(loop.iterRange()), perElement));
  }

  /** Elements of a literal, or of a map/filter over one; 0 when only the run can tell. */
  private static long size(CelExpr expr) {
    return switch (expr.getKind()) {
      case LIST -> expr.list().elements().size();
      case MAP -> expr.map().entries().size();
      // map() and filter() start from an empty list and yield at most one element per element.
      case COMPREHENSION -> {
        CelExpr init = expr.comprehension().accuInit();
        yield init.getKind() == CelExpr.ExprKind.Kind.LIST && init.list().elements().isEmpty()
            ? size(expr.comprehension().iterRange())
            : 0;
      }
      case CALL ->
          expr.call().function().equals("_+_") && expr.call().args().size() == 2
              ? add(size(expr.call().args().get(0)), size(expr.call().args().get(1)))
              : 0;
      default -> 0;
    };
  }

  private static List<CelExpr> children(CelExpr expr) {
    List<CelExpr> children = new ArrayList<>();
    switch (expr.getKind()) {
      case SELECT -> children.add(expr.select().operand());
      case CALL -> {
        expr.call().target().ifPresent(children::add);
        children.addAll(expr.call().args());
      }
      case LIST -> children.addAll(expr.list().elements());
      case MAP ->
          expr.map()
              .entries()
              .forEach(
                  entry -> {
                    children.add(entry.key());
                    children.add(entry.value());
                  });
      case STRUCT -> expr.struct().entries().forEach(entry -> children.add(entry.value()));
      default -> {
        // constants and identifiers have no children; comprehensions are walked by the caller
      }
    }
    return children;
  }

  private static long add(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  private static long multiply(long a, long b) {
    return a != 0 && b > Long.MAX_VALUE / a ? Long.MAX_VALUE : a * b;
  }
}
