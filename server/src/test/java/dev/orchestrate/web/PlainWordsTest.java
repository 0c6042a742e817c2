package dev.orchestrate.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainWordsTest {

  @Test
  void keepsThePlannedWordsBeforeAJavaTypeName() {
    assertThat(
            PlainWords.of(
                "invalid JSON Schema: java.util.regex.PatternSyntaxException: Unclosed group",
                "is not valid"))
        .isEqualTo("invalid JSON Schema");
    assertThat(PlainWords.of("cannot read (java.io.FileNotFoundException: /etc/x)", "no"))
        .isEqualTo("cannot read");
  }

  @Test
  void anExceptionOrErrorNamedWithoutItsPackageCountsToo() {
    assertThat(PlainWords.of("failed: InvalidSchemaRefException at #x", "no")).isEqualTo("failed");
    assertThat(PlainWords.of("StackOverflowError", "is not valid")).isEqualTo("is not valid");
    assertThat(
            PlainWords.of(
                "at dev.orchestrate.pipeline.graph.Condition.eval(Condition.java:3)", "x"))
        .isEqualTo("x");
  }

  @Test
  void leavesPlainTextAlone() {
    for (String plain :
        new String[] {
          "must be at most 500 characters",
          "ERROR: <input>:1:3: Syntax error: mismatched input '<EOF>'",
          "unknown field 'steps.fetch.Output'",
          "an exception to the rule",
          "Error rate must be below 5%"
        }) {
      assertThat(PlainWords.of(plain, "replaced")).isEqualTo(plain);
    }
    assertThat(PlainWords.of(null, "replaced")).isNull();
  }

  @Test
  void aLongQuotedWordIsReadOnce() {
    // Quadratic matching would keep this test busy for minutes rather than milliseconds.
    String word = "unknown field A" + "a".repeat(1 << 20);
    assertThat(PlainWords.of(word, "replaced")).isSameAs(word);
    assertThat(PlainWords.of(word + " Exception", "replaced")).isEqualTo(word);
  }
}
