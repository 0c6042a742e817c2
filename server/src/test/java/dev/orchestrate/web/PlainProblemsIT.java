package dev.orchestrate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.support.Api.Response;
import dev.orchestrate.support.Api.Session;
import dev.orchestrate.support.ServiceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Problem details speak plain words: whatever went wrong inside a library, no answer names a Java
 * type or quotes an exception, so callers are never shown (nor depend on) the service's insides.
 */
class PlainProblemsIT extends ServiceTest {

  /** A node whose schema or condition a library chokes on, as a caller might write it. */
  private static final List<Map<String, Object>> BAD_VALIDATION_SCHEMAS =
      List.of(
          Map.of("type", "string", "pattern", "("),
          Map.of("type", "object", "properties", Map.of("a", Map.of("pattern", "[a-"))),
          Map.of("$ref", "classpath:/no/such/schema.json"),
          Map.of("$ref", "classpath:application.yml"),
          Map.of("$ref", "file:///etc/passwd"),
          Map.of("$dynamicRef", "#x"),
          Map.of("type", "number", "minimum", "not a number"),
          Map.of("format", Map.of("a", 1)));

  private static final List<String> BAD_CONDITIONS =
      List.of("a +", "input.(", "size(", "1 / 0 == ", "\"unterminated", "input.x.matches('(')");

  private static final List<String> BAD_TEMPLATES =
      List.of("{{", "{{ input. }}", "{{ steps..output }}", "{{ input.x | nope }}");

  @Test
  void noProblemOfABadGraphNamesAJavaType() {
    Session session = api.signUp();
    List<Response> answers = new ArrayList<>();
    for (Map<String, Object> schema : BAD_VALIDATION_SCHEMAS) {
      answers.addAll(saveAndValidate(session, graph(validationNode(schema), null)));
    }
    for (String condition : BAD_CONDITIONS) {
      answers.addAll(saveAndValidate(session, graph(validationNode(Map.of()), condition)));
    }
    for (String template : BAD_TEMPLATES) {
      answers.addAll(
          saveAndValidate(
              session,
              graph(
                  Map.of(
                      "id", "check", "type", "human_gate", "label", "Check", "message", template),
                  null)));
    }

    assertThat(answers).isNotEmpty();
    for (Response r : answers) {
      assertThat(r.status()).as(r.raw()).isLessThan(500);
      assertPlain(r);
    }
  }

  @Test
  void noProblemOfABadRequestNamesAJavaType() {
    Session session = api.signUp();
    List<Response> answers =
        List.of(
            api.get(session.ws() + "/executions?limit=abc", session.token()),
            api.get(session.ws() + "/executions?cursor=%25%25", session.token()),
            api.get(session.ws() + "/executions?cursor=bm90IGEgY3Vyc29y", session.token()),
            api.get(session.ws() + "/audit-logs?cursor=x", session.token()),
            api.get(session.ws() + "/credits?cursor=x", session.token()),
            api.post(
                "/orchestrate/pipeline/start",
                session.token(),
                Map.of("pipeline_id", "not-a-uuid", "input", Map.of())),
            api.post(session.ws() + "/agents", session.token(), Map.of("parameters", List.of(1))),
            api.post(
                session.ws() + "/credits/grants",
                session.token(),
                Map.of("amount", "1e999999999")));
    for (Response r : answers) {
      assertThat(r.status()).as(r.raw()).isBetween(400, 499);
      assertPlain(r);
    }
  }

  private List<Response> saveAndValidate(Session session, Map<String, Object> graph) {
    Response saved =
        api.post(
            session.ws() + "/pipelines",
            session.token(),
            Map.of(
                "slug",
                "plain_" + Math.abs(graph.hashCode()),
                "name",
                "Plain",
                "graph_definition",
                graph));
    Response validated =
        api.post(
            session.ws() + "/pipelines/validate",
            session.token(),
            Map.of("graph_definition", graph));
    return List.of(saved, validated);
  }

  private static Map<String, Object> validationNode(Map<String, Object> schema) {
    return Map.of("id", "check", "type", "validation", "label", "Check", "schema", schema);
  }

  private static Map<String, Object> graph(Map<String, Object> middle, String condition) {
    Map<String, Object> firstEdge =
        condition == null
            ? Map.of("from", "start", "to", "check")
            : Map.of("from", "start", "to", "check", "condition", condition);
    return Map.of(
        "entry_point",
        "start",
        "nodes",
        List.of(
            Map.of("id", "start", "type", "trigger", "label", "Start"),
            middle,
            Map.of("id", "done", "type", "finalize", "label", "Done")),
        "edges",
        List.of(firstEdge, Map.of("from", "check", "to", "done")));
  }

  /** No Java type, exception name or stack frame anywhere in the answer. */
  private static void assertPlain(Response r) {
    assertThat(r.raw())
        .as(r.raw())
        .doesNotContain(
            "java.", "javax.", "jakarta.", "Exception", "tools.jackson", "com.networknt")
        .doesNotContain("dev.orchestrate", "org.springframework", "dev.cel", "at java");
  }
}
