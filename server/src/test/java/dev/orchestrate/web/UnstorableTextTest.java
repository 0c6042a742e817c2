package dev.orchestrate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.common.FieldProblem;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class UnstorableTextTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void namesEveryNulOfABodyByItsPathInValuesAndNamesAtAnyDepth() {
    String body =
        """
        {"a": "x\\u0000", "b": [1, "ok", {"c": "\\u0000"}], "d\\u0000": {"e": ["", ["\\u0000"]]}}
        """;
    assertThat(paths(UnstorableText.inJson(JSON, utf8(body), null)))
        .containsExactly("a", "b[2].c", "d\\u0000", "d\\u0000.e[1][0]");
  }

  @Test
  void namesLoneSurrogatesButNotWholePairs() {
    String body =
        """
        {"a": "\\ud800", "b": "x\\udc00y", "c": "\\ud83d\\ude00", "d": "\\ude00\\ud83d",
         "e": ["end\\ud83d"]}
        """;
    var problems = UnstorableText.inJson(JSON, utf8(body), null);
    assertThat(paths(problems)).containsExactly("a", "b", "d", "e[0]");
    assertThat(problems).extracting(FieldProblem::message).allMatch(m -> m.contains("surrogate"));
  }

  @Test
  void aBareStringBodyIsAtTheRoot() {
    assertThat(paths(UnstorableText.inJson(JSON, utf8("\"\\u0000\""), null))).containsExactly("$");
  }

  @Test
  void findsNothingInCleanTextOrAnEscapedBackslash() {
    String body = "{\"a\": \"\\\\u0000\", \"b\": \"☃\", \"c\": null, \"d\": 0}";
    assertThat(UnstorableText.inJson(JSON, utf8(body), null)).isEmpty();
  }

  @Test
  void aMalformedBodyIsLeftToTheMessageConverter() {
    assertThat(UnstorableText.inJson(JSON, utf8("{\"a\": \"\\u0000\", "), null)).hasSize(1);
    assertThat(UnstorableText.inJson(JSON, utf8("not json"), null)).isEmpty();
  }

  @Test
  void readsABodyInTheCharsetItDeclares() {
    byte[] body = "{\"a\": \"\\u0000\"}".getBytes(StandardCharsets.UTF_16LE);
    assertThat(paths(UnstorableText.inJson(JSON, body, StandardCharsets.UTF_16LE)))
        .containsExactly("a");
  }

  @Test
  void namesQueryParametersWhoseNameOrValueHasANul() {
    assertThat(paths(UnstorableText.inQuery("a=1&b=x%00&c%00d=2&e=%zz&f")))
        .containsExactly("b", "c\\u0000d");
    assertThat(UnstorableText.inQuery("a=%2500")).isEmpty();
  }

  @Test
  void namesHeadersWithANul() {
    Map<String, List<String>> headers =
        Map.of("Idempotency-Key", List.of("k\0"), "Accept", List.of("*/*"));
    assertThat(
            paths(
                UnstorableText.inHeaders(
                    Collections.enumeration(headers.keySet()),
                    name -> Collections.enumeration(headers.get(name)))))
        .containsExactly("Idempotency-Key");
  }

  private static List<String> paths(List<FieldProblem> problems) {
    return problems.stream().map(FieldProblem::path).toList();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
