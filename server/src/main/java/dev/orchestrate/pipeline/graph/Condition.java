package dev.orchestrate.pipeline.graph;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelErrorCode;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelEvaluationListener;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * An edge condition: a compiled CEL expression over {@code input} and {@code steps}.
 *
 * <p>Every condition is bounded twice. {@link #compile} refuses one whose syntax says it is too
 * costly (see {@link ConditionCost}); {@link #evaluate} stops one that takes more than {@link
 * #MAX_ITERATIONS} comprehension iterations or runs longer than {@link #MAX_DURATION}, and stops as
 * soon as its thread is interrupted. The checks run inside the evaluation, on the caller's thread,
 * so a stopped condition leaves no work burning a core behind it.
 */
public final class Condition {

  /** Longest condition, in Unicode code points. */
  public static final int MAX_LENGTH = 2_000;

  /** Most comprehensions ({@code all}, {@code exists}, ...) nested inside each other. */
  public static final int MAX_NESTED_COMPREHENSIONS = 3;

  /** Most comprehension iterations one evaluation may take, counted over all comprehensions. */
  public static final int MAX_ITERATIONS = 10_000;

  /**
   * Longest one evaluation may run. The iteration budget alone keeps a warm evaluation within a few
   * milliseconds; this catches the rest (costly work in each iteration, a cold interpreter).
   */
  public static final Duration MAX_DURATION = Duration.ofMillis(50);

  // Deep enough for any condition a person writes; shallow enough that no stack overflows.
  private static final int MAX_PARSE_DEPTH = 100;
  // A matches() pattern compiles to an RE2 program (linear time); this caps its size.
  private static final int MAX_REGEX_PROGRAM_SIZE = 1_000;

  // Heterogeneous comparisons let `input.score > 3` hold for a JSON 3.5 as well as a JSON 4.
  private static final CelOptions OPTIONS =
      CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .maxExpressionCodePointSize(MAX_LENGTH)
          .maxParseRecursionDepth(MAX_PARSE_DEPTH)
          .comprehensionMaxIterations(MAX_ITERATIONS)
          .maxRegexProgramSize(MAX_REGEX_PROGRAM_SIZE)
          .build();

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

  static {
    warmUp();
  }

  private final String expression;
  private final CelRuntime.Program program;

  private Condition(String expression, CelRuntime.Program program) {
    this.expression = expression;
    this.program = program;
  }

  /**
   * Compiles {@code expression}, or throws {@link ConditionException} with CEL's message, or its
   * subclass {@link ConditionLimitException} naming the limit it is over. The validator and the
   * engine both compile through here, so what saves also runs.
   */
  public static Condition compile(String expression) {
    Objects.requireNonNull(expression, "expression");
    int length = expression.codePointCount(0, expression.length());
    if (length > MAX_LENGTH) {
      throw new ConditionLimitException(
          "condition is " + length + " characters long; at most " + MAX_LENGTH + " are allowed");
    }
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
    ConditionCost.check(ast.getExpr());
    try {
      return new Condition(expression, RUNTIME.createProgram(ast));
    } catch (CelEvaluationException e) {
      throw new ConditionException(e.getMessage(), e);
    }
  }

  /**
   * Evaluates the condition within its budget. Values must be plain Java values as {@link
   * CelValues#fromJson} makes them. An evaluation error or a non-bool result throws {@link
   * ConditionException}; a condition over its budget, or whose thread is interrupted, throws {@link
   * ConditionLimitException}.
   */
  public boolean evaluate(Map<String, Object> input, Map<String, Object> steps) {
    return evaluate(input, steps, MAX_DURATION);
  }

  /** As {@link #evaluate(Map, Map)}, with another time limit (tests need a longer one). */
  boolean evaluate(Map<String, Object> input, Map<String, Object> steps, Duration maxDuration) {
    Map<String, Object> variables =
        Map.of(
            "input", input == null ? Map.of() : input, "steps", steps == null ? Map.of() : steps);
    Object result;
    try {
      result = program.trace(variables, new Watch(maxDuration));
    } catch (Stop stop) {
      throw new ConditionLimitException(stopped(stop.getMessage()));
    } catch (CelEvaluationException e) {
      throw failure(e);
    }
    if (result instanceof Boolean bool) {
      return bool;
    }
    throw new ConditionException(
        "condition '" + expression + "' yielded " + result + " instead of a bool");
  }

  private ConditionException failure(CelEvaluationException e) {
    if (e.getErrorCode() == CelErrorCode.ITERATION_BUDGET_EXCEEDED) {
      return new ConditionLimitException(
          stopped(
              "it took more than "
                  + MAX_ITERATIONS
                  + " iterations, the most one evaluation may take"));
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof Stop stop) {
        return new ConditionLimitException(stopped(stop.getMessage()));
      }
    }
    return new ConditionException("condition '" + expression + "' failed: " + e.getMessage(), e);
  }

  private String stopped(String why) {
    return "condition '" + expression + "' stopped: " + why;
  }

  /**
   * Loads and exercises the interpreter once, so the first conditions of a fresh process are timed
   * on their own work, not on class loading and the first compilations of the JIT (about half a
   * second the first time, a millisecond afterwards).
   */
  private static void warmUp() {
    Condition warm =
        compile("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].all(a, [0, 1, 2].exists(b, a + b >= input.n))");
    for (int i = 0; i < 200; i++) {
      warm.evaluate(Map.of("n", (long) i), Map.of(), Duration.ofMinutes(1));
    }
  }

  public String expression() {
    return expression;
  }

  @Override
  public String toString() {
    return expression;
  }

  /**
   * Called by the interpreter after every sub-expression, inside loops too: the one place where a
   * running evaluation can be stopped.
   */
  private static final class Watch implements CelEvaluationListener {

    private final long started = System.nanoTime();
    private final long limit;
    private final Duration maxDuration;

    Watch(Duration maxDuration) {
      this.maxDuration = maxDuration;
      this.limit = maxDuration.toNanos();
    }

    @Override
    public void callback(CelExpr expr, Object result) {
      if (Thread.currentThread().isInterrupted()) {
        // The interrupt stays set, so the caller sees it too.
        throw new Stop("its thread was interrupted (the run was cancelled or timed out)");
      }
      if (System.nanoTime() - started > limit) {
        throw new Stop(
            "it ran longer than "
                + maxDuration.toMillis()
                + " ms, the most one evaluation may take");
      }
    }
  }

  /** Unwinds the interpreter; the interpreter may wrap it, so callers look for it as a cause. */
  private static final class Stop extends RuntimeException {
    Stop(String message) {
      super(message, null, false, false);
    }
  }
}
