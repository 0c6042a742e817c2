package dev.orchestrate.pipeline.graph;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.Map;
import java.util.Objects;

/** An edge condition: a compiled CEL expression over {@code input} and {@code steps}. */
public final class Condition {

  // Heterogeneous comparisons let `input.score > 3` hold for a JSON 3.5 as well as a JSON 4.
  private static final CelOptions OPTIONS =
      CelOptions.current().enableHeterogeneousNumericComparisons(true).build();

  // Compiler and runtime are immutable and thread-safe; building them is the expensive part.
  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setOptions(OPTIONS)
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("input", SimpleType.DYN)
          .addVar("steps", MapType.create(SimpleType.STRING, SimpleType.DYN))
          .build();

  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

  private final String expression;
  private final CelRuntime.Program program;

  private Condition(String expression, CelRuntime.Program program) {
    this.expression = expression;
    this.program = program;
  }

  /** Compiles {@code expression}, or throws {@link ConditionException} with CEL's message. */
  public static Condition compile(String expression) {
    Objects.requireNonNull(expression, "expression");
    CelAbstractSyntaxTree ast;
    try {
      ast = COMPILER.compile(expression).getAst();
    } catch (CelValidationException e) {
      throw new ConditionException(e.getMessage(), e);
    }
    CelKind kind = ast.getResultType().kind();
    if (kind != CelKind.BOOL && kind != CelKind.DYN) {
      throw new ConditionException(
          "condition must be a bool expression, but it yields " + ast.getResultType().name());
    }
    try {
      return new Condition(expression, RUNTIME.createProgram(ast));
    } catch (CelEvaluationException e) {
      throw new ConditionException(e.getMessage(), e);
    }
  }

  /**
   * Evaluates the condition. Values must be plain Java values as {@link CelValues#fromJson} makes
   * them; an evaluation error or a non-bool result throws {@link ConditionException}.
   */
  public boolean evaluate(Map<String, Object> input, Map<String, Object> steps) {
    Object result;
    try {
      result =
          program.eval(
              Map.of(
                  "input",
                  input == null ? Map.of() : input,
                  "steps",
                  steps == null ? Map.of() : steps));
    } catch (CelEvaluationException e) {
      throw new ConditionException("condition '" + expression + "' failed: " + e.getMessage(), e);
    }
    if (result instanceof Boolean bool) {
      return bool;
    }
    throw new ConditionException(
        "condition '" + expression + "' yielded " + result + " instead of a bool");
  }

  public String expression() {
    return expression;
  }

  @Override
  public String toString() {
    return expression;
  }
}
