package dev.orchestrate.pipeline.graph;

import static dev.orchestrate.pipeline.graph.Graphs.json;
import static dev.orchestrate.pipeline.graph.Graphs.singleNode;
import static dev.orchestrate.pipeline.graph.Graphs.validate;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A schema reads nothing but itself, and what saves also runs (issue 9, findings 2 and 3). */
class SchemaSelfContainedTest {

  private static Optional<String> problem(String schema) {
    return SchemaCheck.problem(json(schema));
  }

  @Test
  void refusesAReferenceToAFileOfTheServer() {
    assertThat(problem("{'$ref': 'classpath:application.yml'}"))
        .contains(
            "invalid JSON Schema: reference 'classpath:application.yml' points outside the schema;"
                + " references must resolve inside the same schema, such as '#/$defs/name'");
  }

  @Test
  void neverQuotesTheFileAReferenceNames() {
    // The first word of the manifest is "Manifest"; the finding's 422 quoted it.
    assertThat(problem("{'$ref': 'classpath:/META-INF/MANIFEST.MF'}"))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .contains("points outside the schema")
                    .doesNotContain("Manifest", "Unrecognized token"));
  }

  @Test
  void refusesEveryOtherLoaderToo() {
    for (String reference :
        new String[] {
          "file:///etc/passwd",
          "http://127.0.0.1:1/schema.json",
          "https://json-schema.org/draft/2020-12/schema",
          "resource:/application.yml",
          "other.json",
          "jar:file:/x.jar!/y.json#/a"
        }) {
      assertThat(problem("{'$ref': '" + reference + "'}"))
          .as(reference)
          .hasValueSatisfying(message -> assertThat(message).contains("points outside the schema"));
    }
  }

  @Test
  void refusesARelativeReferenceThatAnIdWouldTurnIntoAFile() {
    assertThat(problem("{'$id': 'classpath:/', '$ref': 'application.yml'}"))
        .hasValueSatisfying(
            message -> assertThat(message).contains("'classpath:/application.yml' points outside"));
  }

  @Test
  void refusesADynamicReferenceThatResolvesNowhere() {
    assertThat(problem("{'$dynamicRef': '#x'}"))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .startsWith("invalid JSON Schema: reference '")
                    .contains("does not resolve inside the schema"));
  }

  @Test
  void refusesAnUnresolvedReferenceDeepInTheSchemaNamingWhereItIs() {
    assertThat(problem("{'properties': {'a': {'items': {'$dynamicRef': '#x'}}}}"))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .contains("/properties/a/items")
                    .contains("does not resolve inside the schema"));
    // A keyword the library's own walk skips.
    assertThat(problem("{'unevaluatedProperties': {'$dynamicRef': '../../application.yml'}}"))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .contains("/unevaluatedProperties")
                    .contains("points outside the schema"));
    assertThat(problem("{'anyOf': [{'type': 'string'}, {'$ref': '#/$defs/nothing'}]}"))
        .hasValueSatisfying(message -> assertThat(message).contains("does not resolve"));
  }

  @Test
  void refusesASchemaThatRefersToItselfWithoutEnd() {
    assertThat(problem("{'$ref': '#'}"))
        .hasValueSatisfying(
            message -> assertThat(message).contains("refers to itself without end"));
    assertThat(
            problem(
                "{'$defs': {'a': {'$ref': '#/$defs/b'}, 'b': {'allOf': [{'$ref': '#/$defs/a'}]}},"
                    + " '$ref': '#/$defs/a'}"))
        .hasValueSatisfying(
            message -> assertThat(message).contains("refers to itself without end"));
  }

  @Test
  void acceptsReferencesThatStayInsideTheSchema() {
    assertThat(
            problem(
                "{'$defs': {'q': {'type': 'string'}}, 'properties': {'a': {'$ref': '#/$defs/q'}}}"))
        .isEmpty();
    assertThat(problem("{'$defs': {'q': {'$anchor': 'q', 'type': 'string'}}, '$ref': '#q'}"))
        .isEmpty();
    assertThat(
            problem(
                "{'$dynamicAnchor': 'node', 'type': 'object',"
                    + " 'properties': {'children': {'type': 'array', 'items': {'$dynamicRef': '#node'}}}}"))
        .isEmpty();
    // An embedded resource with its own $id is still inside the same schema.
    assertThat(
            problem(
                "{'$id': 'https://example.com/root', '$defs': {'a': {'$id': 'a.json', 'type': 'string'}},"
                    + " '$ref': 'a.json'}"))
        .isEmpty();
    assertThat(
            problem(
                "{'$id': 'https://example.com/root', '$defs': {'a': {'$id': 'a.json',"
                    + " '$defs': {'b': {'type': 'string'}}, '$ref': '#/$defs/b'}}, '$ref': 'a.json'}"))
        .isEmpty();
    assertThat(problem("{'properties': {'next': {'$ref': '#'}}}")).isEmpty();
  }

  @Test
  void refusesAnIdInAPatternPropertiesSchemaWhichTheLibraryCannotApply() {
    assertThat(problem("{'patternProperties': {'^a': {'$id': 'urn:x', 'type': 'integer'}}}"))
        .contains(
            "invalid JSON Schema: the schema at /patternProperties/^a may not have its own $id");
  }

  @Test
  void refusesPatternsThatCannotMatchInLinearTime() {
    assertThat(problem("{'pattern': '^(?=a)'}"))
        .hasValueSatisfying(
            message -> assertThat(message).contains("pattern '^(?=a)' cannot be used"));
    assertThat(problem("{'pattern': '((a{1000}){1000}){1000}'}"))
        .hasValueSatisfying(message -> assertThat(message).contains("is too large"));
    assertThat(problem("{'patternProperties': {'(a)\\\\1': {}}}"))
        .hasValueSatisfying(message -> assertThat(message).contains("cannot be used"));
    assertThat(problem("{'pattern': '^\\\\p{Letter}+-\\\\d{3}$'}")).isEmpty();
  }

  @Test
  void messagesNameNoJavaType() {
    for (String schema :
        new String[] {
          "{'$ref': 'classpath:/META-INF/MANIFEST.MF'}",
          "{'$ref': 'http://127.0.0.1:1/x'}",
          "{'pattern': '['}",
          "{'$dynamicRef': '#x'}",
          "{'$ref': '#'}",
          "{'$schema': 'https://example.com/dialect'}"
        }) {
      assertThat(problem(schema))
          .as(schema)
          .hasValueSatisfying(
              message ->
                  assertThat(message).doesNotContainPattern("\\b(java|javax|com|tools)\\.\\w"));
    }
  }

  @Test
  void theGraphValidatorReportsTheDynamicReferenceAtItsNode() {
    var result =
        validate(
            singleNode(
                "{'id': 'n', 'type': 'validation', 'label': 'N', 'schema': {'$dynamicRef': '#x'}}"));

    assertThat(result.problems())
        .singleElement()
        .satisfies(problem -> assertThat(problem.path()).isEqualTo("nodes[0].schema"));
  }
}
