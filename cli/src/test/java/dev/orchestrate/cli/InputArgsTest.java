package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class InputArgsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final Map<String, String> files =
      Map.of(
          "profile.txt",
          "직원 25명의 AI 기업\n",
          "alert.json",
          "{\"alert\":\"키 만료\",\"severity\":\"high\"}");
  private final InputArgs input =
      new InputArgs(
          JSON,
          name -> {
            if (!files.containsKey(name)) {
              throw new IOException("No such file");
            }
            return files.get(name);
          });

  @Test
  void fieldsAreStringsJsonValuesOrFileTexts() {
    JsonNode parsed =
        input.parse(
            null,
            null,
            List.of(
                "query=AI 솔루션",
                "limit:=5",
                "tags:=[\"a\",\"b\"]",
                "profile=@profile.txt",
                "eq=a=b"));

    assertThat(parsed.get("query").asString()).isEqualTo("AI 솔루션");
    assertThat(parsed.get("limit").isInt()).isTrue();
    assertThat(parsed.get("tags").size()).isEqualTo(2);
    assertThat(parsed.get("profile").asString()).isEqualTo("직원 25명의 AI 기업\n");
    assertThat(parsed.get("eq").asString()).isEqualTo("a=b");
  }

  @Test
  void fieldsGoOnTopOfTheInputJsonOrFile() {
    assertThat(input.parse("{\"query\":\"x\",\"keep\":1}", null, List.of("query=y")).toString())
        .isEqualTo("{\"query\":\"y\",\"keep\":1}");
    assertThat(input.parse(null, "alert.json", List.of("severity=low")).toString())
        .isEqualTo("{\"alert\":\"키 만료\",\"severity\":\"low\"}");
  }

  @Test
  void noInputIsAnEmptyObjectAndANonObjectIsPassedOnForTheServerToJudge() {
    assertThat(input.parse(null, null, List.of()).toString()).isEqualTo("{}");
    assertThat(input.parse("\"text\"", null, List.of()).asString()).isEqualTo("text");
  }

  @Test
  void saysWhatIsWrongWithInputItCannotUse() {
    assertProblem(() -> input.parse("{}", "alert.json", List.of()), "input.both");
    assertProblem(() -> input.parse("{\"query\": ", null, List.of()), "input.not_json");
    assertProblem(() -> input.parse("[1]", null, List.of("a=b")), "input.fields_need_object");
    assertProblem(() -> input.parse(null, null, List.of("novalue")), "input.field_syntax");
    assertProblem(() -> input.parse(null, null, List.of("=x")), "input.field_syntax");
    assertProblem(() -> input.parse(null, null, List.of("n:=notjson")), "input.not_json");
    assertProblem(() -> input.parse(null, "missing.json", List.of()), "input.unreadable");
  }

  private static void assertProblem(Runnable parse, String key) {
    assertThatThrownBy(parse::run)
        .isInstanceOf(InputArgs.Problem.class)
        .extracting(e -> ((InputArgs.Problem) e).key())
        .isEqualTo(key);
  }
}
