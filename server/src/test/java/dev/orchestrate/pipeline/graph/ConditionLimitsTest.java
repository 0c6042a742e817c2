package dev.orchestrate.pipeline.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The save-time and run-time limits of conditions (issue 9, finding 1). */
class ConditionLimitsTest {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** The condition of the finding: seven nested comprehensions, 37.5 s of CPU per evaluation. */
  static final String SEVEN_NESTED =
      "[0,1,2,3,4,5,6,7,8,9].all(a, [0,1,2,3,4,5,6,7,8,9].all(b, [0,1,2,3,4,5,6,7,8,9].all(c,"
          + " [0,1,2,3,4,5,6,7,8,9].all(d, [0,1,2,3,4,5,6,7,8,9].all(e, [0,1,2,3,4,5,6,7,8,9].all(f,"
          + " [0,1,2,3,4,5,6,7,8,9].all(g, a+b+c+d+e+f+g >= 0)))))))";

  private static String digits(int count) {
    return IntStream.range(0, count)
        .mapToObj(String::valueOf)
        .collect(Collectors.joining(",", "[", "]"));
  }

  private static Map<String, Object> items(int count) {
    return Map.of("items", IntStream.range(0, count).mapToObj(i -> (Object) (long) i).toList());
  }

  @Test
  void refusesTheSevenNestedComprehensionsOfTheFindingAtCompileTime() {
    assertThatThrownBy(() -> Condition.compile(SEVEN_NESTED))
        .isInstanceOf(ConditionLimitException.class)
        .hasMessage(
            "condition nests 7 comprehensions (all, exists, exists_one, map, filter) inside each"
                + " other; at most 3 are allowed");
  }

  @Test
  void refusesComprehensionsOverLiteralsThatWouldTakeTooManyIterations() {
    String hundred = digits(100);
    assertThatThrownBy(
            () -> Condition.compile(hundred + ".all(a, " + hundred + ".all(b, a + b >= 0))"))
        .isInstanceOf(ConditionLimitException.class)
        .hasMessage(
            "condition would take 10100 iterations over its list literals; at most 10000 are"
                + " allowed in one evaluation");
  }

  @Test
  void runsNestedComprehensionsWithinTheLimits() {
    String ten = digits(10);
    Condition condition =
        Condition.compile(
            ten + ".all(a, " + ten + ".all(b, " + ten + ".exists(c, a + b + c >= 0)))");

    // Timing is not what this test is about: a cold test JVM may need longer than the deadline.
    assertThat(condition.evaluate(Map.of(), Map.of(), Duration.ofMinutes(1))).isTrue();
  }

  @Test
  void refusesAConditionLongerThanTheLimit() {
    String tooLong = "true" + " && true".repeat(250);

    assertThatThrownBy(() -> Condition.compile(tooLong))
        .isInstanceOf(ConditionLimitException.class)
        .hasMessage("condition is 2004 characters long; at most 2000 are allowed");
  }

  @Test
  void refusesNestingDeeperThanTheParserAllows() {
    String deep = "(".repeat(100) + "true" + ")".repeat(100);

    assertThatThrownBy(() -> Condition.compile(deep))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("recursion limit");
  }

  @Test
  void stopsAComprehensionOverDataAfterTheIterationBudget() {
    Condition condition = Condition.compile("input.items.all(a, input.items.all(b, a + b >= 0))");

    assertThat(condition.evaluate(items(50), Map.of(), Duration.ofMinutes(1))).isTrue();
    assertThatThrownBy(() -> condition.evaluate(items(200), Map.of(), Duration.ofMinutes(1)))
        .isInstanceOf(ConditionLimitException.class)
        .hasMessage(
            "condition 'input.items.all(a, input.items.all(b, a + b >= 0))' stopped: it took more"
                + " than 10000 iterations, the most one evaluation may take");
  }

  /** Few iterations, each costly: only the deadline bounds it (minutes of CPU without it). */
  private static final String COSTLY_PER_ITERATION =
      "input.items.all(i, !input.text.matches('a*b'))";

  private static Map<String, Object> costlyInput() {
    return Map.of(
        "items",
        Collections.nCopies(Condition.MAX_ITERATIONS - 1, (Object) 1L),
        "text",
        "a".repeat(200_000));
  }

  @Test
  void stopsAtItsDeadlineAndItsThreadDoesNoMoreWork() throws InterruptedException {
    Condition condition = Condition.compile(COSTLY_PER_ITERATION);
    var failure = new AtomicReference<Throwable>();
    var cpuNanos = new AtomicLong();
    Thread worker =
        Thread.ofPlatform()
            .start(
                () -> {
                  long before = THREADS.getCurrentThreadCpuTime();
                  try {
                    condition.evaluate(costlyInput(), Map.of());
                  } catch (RuntimeException e) {
                    failure.set(e);
                  }
                  cpuNanos.set(THREADS.getCurrentThreadCpuTime() - before);
                });
    worker.join(Duration.ofSeconds(30));

    assertThat(worker.isAlive()).isFalse();
    assertThat(failure.get())
        .isInstanceOf(ConditionLimitException.class)
        .hasMessageEndingWith(
            "stopped: it ran longer than 50 ms, the most one evaluation may take");
    // Generous: the deadline is 50 ms; unbounded, this evaluation takes minutes.
    assertThat(Duration.ofNanos(cpuNanos.get())).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void stopsWhenItsThreadIsInterruptedAndBurnsNoMoreCpu() {
    Condition condition = Condition.compile(COSTLY_PER_ITERATION);
    var failure = new AtomicReference<Throwable>();
    Thread worker =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    condition.evaluate(costlyInput(), Map.of(), Duration.ofMinutes(10));
                  } catch (RuntimeException e) {
                    failure.set(e);
                  }
                });
    // It is working: its CPU time grows well past what an evaluation may take.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> THREADS.getThreadCpuTime(worker.threadId()) > 200_000_000L);

    worker.interrupt();

    await().atMost(Duration.ofSeconds(10)).until(() -> !worker.isAlive());
    assertThat(failure.get())
        .isInstanceOf(ConditionLimitException.class)
        .hasMessageEndingWith(
            "stopped: its thread was interrupted (the run was cancelled or timed out)");
  }

  @Test
  void limitMessagesNameNoJavaType() {
    List<String> messages =
        List.of(SEVEN_NESTED, "(".repeat(100) + "true" + ")".repeat(100), "input.x >").stream()
            .map(
                expression -> {
                  try {
                    Condition.compile(expression);
                    return "";
                  } catch (ConditionException e) {
                    return e.getMessage();
                  }
                })
            .toList();

    assertThat(messages)
        .noneMatch(message -> message.matches("(?s).*\\b(java|dev\\.cel|com\\.google)\\..*"));
  }
}
