package dev.orchestrate.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.common.ErrorKind;
import dev.orchestrate.common.FieldProblem;
import dev.orchestrate.mcp.ToolGateway.ToolInfo;
import dev.orchestrate.mcp.ToolGateway.ToolResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The simulated preset tools: the real servers' tools, answered in the real servers' shape. */
class SimulatedToolsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2025-07-05T03:20:00.123456789Z");
  private static final String PAGES = ", \"scrapeOptions\": {\"formats\": [\"markdown\"]}";
  private final SimulatedToolGateway tools =
      new SimulatedToolGateway(JSON, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void everyPresetListsTheRealServersToolsMarkedSimulated() {
    Map<String, List<String>> real =
        Map.of(
            "firecrawl", List.of("firecrawl_search", "firecrawl_scrape"),
            "slack", List.of("slack_post_message", "slack_list_channels"),
            "gdrive", List.of("search", "readTextFile"),
            "paddleocr", List.of("ocr"));
    for (Preset preset : Preset.ALL) {
      List<ToolInfo> listed = tools.tools(preset.name());
      assertThat(listed)
          .extracting(ToolInfo::name)
          .containsExactlyElementsOf(real.get(preset.name()));
      assertThat(listed).allSatisfy(tool -> assertThat(tool.simulated()).isTrue());
      assertThat(listed)
          .allSatisfy(
              tool -> assertThat(tool.inputSchema().get("type").asString()).isEqualTo("object"));
    }
  }

  @Test
  void firecrawlSearchAnswersTheApiResponseAsStructuredContentAndAsText() {
    ToolResult result = result("firecrawl", "firecrawl_search", "{\"query\": \"AI 솔루션\"}");
    JsonNode structured = result.content().get("structuredContent");
    assertThat(structured.get("success").asBoolean()).isTrue();
    assertThat(JSON.readTree(text(result.content()))).isEqualTo(structured);
    JsonNode first = structured.at("/data/web/0");
    assertThat(first.get("url").asString()).startsWith("https://www.g2b.go.kr/");
    assertThat(first.get("position").asInt()).isEqualTo(1);
    assertThat(first.has("markdown")).as("pages only when scrapeOptions asks").isFalse();
  }

  @Test
  void theDemoQueryFindsSeveralAiAnnouncementsWithTheirPages() {
    JsonNode response =
        structured(
            "firecrawl",
            "firecrawl_search",
            "{\"query\": \"정부조달 공고 검색: AI 솔루션\", \"limit\": 5, \"sources\": [\"web\"]"
                + PAGES
                + "}");
    assertThat(response.has("warning")).isFalse();
    assertThat(response.at("/data/web").size()).isBetween(3, 5);
    for (JsonNode hit : response.at("/data/web")) {
      assertThat(hit.get("title").asString() + hit.get("description").asString()).contains("AI");
      assertThat(hit.get("markdown").asString()).contains("공고번호", "수요기관", "자격요건", "원 (");
      assertThat(hit.at("/metadata/sourceURL").asString()).isEqualTo(hit.get("url").asString());
    }
  }

  @Test
  void theGrantFactorySampleQueryRanksAnnouncementsNamingAiSolutionsFirst() {
    JsonNode web =
        structured("firecrawl", "firecrawl_search", "{\"query\": \"AI 솔루션\"}").at("/data/web");
    assertThat(web.get(0).get("title").asString()).contains("AI 솔루션");
    assertThat(web.size()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void searchHonoursLimitAndSources() {
    assertThat(webHits("{\"query\": \"데이터\", \"limit\": 2}")).isEqualTo(2);
    assertThat(webHits("{\"query\": \"AI\", \"limit\": 1}")).isEqualTo(1);
    assertThat(webHits("{\"query\": \"AI\", \"sources\": [\"news\"]}")).isZero();
    assertThat(webHits("{\"query\": \"AI\", \"sources\": [{\"type\": \"web\"}]}")).isPositive();
  }

  @Test
  void searchWithNoMatchShowsRecentAnnouncementsAndSaysSo() {
    JsonNode response =
        structured("firecrawl", "firecrawl_search", "{\"query\": \"우주항공 발사체\", \"limit\": 3}");
    assertThat(response.get("warning").asString()).contains("일치하는 샘플 공고가 없어");
    assertThat(response.at("/data/web").size()).isEqualTo(3);
  }

  @Test
  void scrapeReadsTheAnnouncementAtASearchResultsUrl() {
    JsonNode hit =
        structured(
                "firecrawl", "firecrawl_search", "{\"query\": \"클라우드\", \"limit\": 1" + PAGES + "}")
            .at("/data/web/0");
    ToolResult result =
        result(
            "firecrawl",
            "firecrawl_scrape",
            "{\"url\": \"" + hit.get("url").asString() + "\", \"formats\": [\"markdown\"]}");
    JsonNode page = result.content().get("structuredContent");
    assertThat(JSON.readTree(text(result.content()))).isEqualTo(page);
    assertThat(page.get("markdown").asString()).isEqualTo(hit.get("markdown").asString());
    assertThat(page.at("/metadata/title").asString()).isEqualTo(hit.get("title").asString());
    assertThat(page.at("/metadata/statusCode").asInt()).isEqualTo(200);
    assertThat(page.has("warning")).isFalse();
  }

  @Test
  void scrapeOfAnUnknownPageSaysNothingWasFetched() {
    JsonNode page =
        structured("firecrawl", "firecrawl_scrape", "{\"url\": \"https://example.com/news\"}");
    assertThat(page.get("markdown").asString())
        .contains("https://example.com/news", "firecrawl_api_key");
    JsonNode html =
        structured(
            "firecrawl",
            "firecrawl_scrape",
            "{\"url\": \"https://example.com/news\", \"formats\": [\"html\"]}");
    assertThat(html.has("markdown")).isFalse();
    assertThat(html.get("warning").asString()).contains("markdown");
  }

  @Test
  void scrapeRefusesWhatTheRealServerRefuses() {
    assertThat(problems("firecrawl", "firecrawl_scrape", "{\"url\": \"not a url\"}"))
        .extracting(FieldProblem::path)
        .containsExactly("arguments.url");
    assertThat(problems("firecrawl", "firecrawl_scrape", "{}"))
        .containsExactly(new FieldProblem("arguments", "Provide exactly one of url or alexandria"));
    ToolResult alexandria =
        tools.call(
            "firecrawl",
            "firecrawl",
            "firecrawl_scrape",
            JSON.readTree("{\"alexandria\": {\"provider\": \"fred\", \"capability\": \"x\"}}"));
    assertThat(alexandria.isError()).isTrue();
    assertThat(text(alexandria.content())).contains("firecrawl_api_key");
  }

  @Test
  void postedSlackMessageIsEchoedAsSlacksAnswerWithATimestampFromTheClock() {
    ToolResult result =
        result(
            "slack",
            "slack_post_message",
            "{\"channel_id\": \"#ops-alerts\", \"text\": \"복구 완료\"}");
    assertThat(result.content().has("structuredContent")).isFalse();
    JsonNode answer = JSON.readTree(text(result.content()));
    assertThat(answer.get("ok").asBoolean()).isTrue();
    assertThat(answer.get("channel").asString()).isEqualTo("C06OPSALRT1");
    assertThat(answer.get("ts").asString()).isEqualTo("1751685600.123456");
    assertThat(answer.at("/message/text").asString()).isEqualTo("복구 완료");
    JsonNode unknown = slack("slack_post_message", "{\"channel_id\": \"C999\", \"text\": \"hi\"}");
    assertThat(unknown.get("channel").asString()).isEqualTo("C999");
  }

  @Test
  void anEmptySlackMessageIsRefusedInSlacksAnswerNotAsAToolError() {
    JsonNode answer =
        slack("slack_post_message", "{\"channel_id\": \"#ops-alerts\", \"text\": \" \"}");
    assertThat(answer.get("ok").asBoolean()).isFalse();
    assertThat(answer.get("error").asString()).isEqualTo("no_text");
  }

  @Test
  void slackChannelsArePagedByLimitAndCursor() {
    JsonNode first = slack("slack_list_channels", "{\"limit\": 2}");
    assertThat(first.get("channels").size()).isEqualTo(2);
    String cursor = first.at("/response_metadata/next_cursor").asString();
    JsonNode rest = slack("slack_list_channels", "{\"limit\": 10, \"cursor\": \"" + cursor + "\"}");
    assertThat(rest.get("channels").size()).isEqualTo(3);
    assertThat(rest.at("/response_metadata/next_cursor").asString()).isEmpty();
    JsonNode all = tools.call("slack", "slack", "slack_list_channels", null).content();
    assertThat(JSON.readTree(text(all)).get("channels").size()).isEqualTo(5);
  }

  @Test
  void driveReadsSampleFilesWithTheServersHeaderAndADefaultDocumentForAnyOtherId() {
    JsonNode file = call("gdrive", "readTextFile", "{\"fileId\": \"demo-business-registration\"}");
    assertThat(file.get("isError").asBoolean()).isFalse();
    assertThat(text(file))
        .startsWith("File: 사업자등록증_한결에이아이.txt\nMIME type: text/plain\nLength: ")
        .contains("Truncated: no\n---\n사 업 자 등 록 증", "214-88-52731");

    String other = text(call("gdrive", "readTextFile", "{\"fileId\": \"1AbC\"}"));
    assertThat(other).contains("File: 용역수행실적증명서_1AbC.txt", "문서 ID: 1AbC");

    String cut =
        text(
            call(
                "gdrive",
                "readTextFile",
                "{\"fileId\": \"demo-business-registration\", \"maxLength\": 5}"));
    assertThat(cut).contains("Truncated: yes (showing first 5)").endsWith("---\n사 업 자");
  }

  @Test
  void driveSearchListsMatchingFilesByIdLikeTheServer() {
    String found = text(call("gdrive", "search", "{\"query\": \"재무제표\"}"));
    assertThat(found)
        .startsWith("Found 1 files (ordered by modifiedTime desc):\n")
        .contains("[id: demo-financial-statement, path: /]")
        .doesNotContain("pageToken");
    assertThat(text(call("gdrive", "search", "{\"query\": \"214-88-52731\", \"pageSize\": 1}")))
        .startsWith("Found 1 files")
        .contains("More results available. Use pageToken: ");
    assertThat(text(call("gdrive", "search", "{\"query\": \"없는낱말\"}"))).startsWith("Found 0 files");
  }

  @Test
  void ocrReadsTheTextOfADriveFileAsTheServersSimpleModeWritesIt() {
    JsonNode drive = call("gdrive", "readTextFile", "{\"fileId\": \"demo-business-registration\"}");
    String fromText = text(ocr("{\"input_data\": " + JSON.writeValueAsString(text(drive)) + "}"));
    String fromWholeResult =
        text(ocr("{\"input_data\": " + JSON.writeValueAsString(drive.toString()) + "}"));
    assertThat(fromText).isEqualTo(fromWholeResult);
    assertThat(fromText)
        .startsWith("사 업 자 등 록 증\n(법인사업자)\n등록번호: 214-88-52731")
        .doesNotContain("MIME type")
        .containsPattern("\n\nConfidence: 9\\d\\.\\d% \\| \\d+ text lines$");
  }

  @Test
  void ocrInDetailedModeAnswersEachLineWithItsConfidence() {
    JsonNode result = ocr("{\"input_data\": \"사업자등록증\\n등록번호 1\", \"output_mode\": \"detailed\"}");
    assertThat(result.get("content").size()).isEqualTo(1);
    JsonNode detailed = JSON.readTree(text(result));
    assertThat(detailed.get("text").asString()).isEqualTo("사업자등록증\n등록번호 1");
    assertThat(detailed.get("confidence").asDouble()).isBetween(0.9, 0.99);
    assertThat(detailed.get("text_lines"))
        .extracting(line -> line.get("text").asString())
        .containsExactly("사업자등록증", "등록번호 1");
    assertThat(detailed.get("text_lines"))
        .allSatisfy(line -> assertThat(line.get("confidence").asDouble()).isBetween(0.9, 0.99));
  }

  @Test
  void ocrOfAnImageItCannotReadReturnsTheSampleScanAndSaysSoInASecondBlock() {
    JsonNode result =
        ocr("{\"input_data\": \"https://files.example/scan.png\", \"file_type\": \"image\"}");
    assertThat(text(result)).contains("납 세 증 명 서");
    assertThat(result.at("/content/1/text").asString()).contains("시뮬레이션");
  }

  @Test
  void ocrDecodesBase64TextAndReadsEveryPage() {
    String base64 =
        Base64.getEncoder().encodeToString("첫 장\n\f둘째 장".getBytes(StandardCharsets.UTF_8));
    JsonNode detailed =
        JSON.readTree(
            text(ocr("{\"input_data\": \"" + base64 + "\", \"output_mode\": \"detailed\"}")));
    assertThat(detailed.get("text").asString()).isEqualTo("첫 장\n둘째 장");
    assertThat(text(ocr("{\"input_data\": \"   \"}"))).isEqualTo("No text detected");
  }

  @Test
  void sameInputGivesTheSameResult() {
    for (String[] call :
        List.of(
            new String[] {"firecrawl", "firecrawl_search", "{\"query\": \"AI 데이터\", \"limit\": 5}"},
            new String[] {
              "slack", "slack_post_message", "{\"channel_id\": \"#marketing\", \"text\": \"x\"}"
            },
            new String[] {"paddleocr", "ocr", "{\"input_data\": \"사업자등록증\\n등록번호 1\"}"})) {
      assertThat(call(call[0], call[1], call[2])).isEqualTo(call(call[0], call[1], call[2]));
    }
  }

  @Test
  void missingRequiredArgumentsAreReportedAtTheirPaths() {
    assertThat(problems("firecrawl", "firecrawl_search", "{}"))
        .containsExactly(new FieldProblem("arguments.query", "is required"));
    assertThat(problems("slack", "slack_post_message", "{\"text\": \"hi\"}"))
        .containsExactly(new FieldProblem("arguments.channel_id", "is required"));
    assertThat(problems("gdrive", "readTextFile", "{}"))
        .extracting(FieldProblem::path)
        .containsExactly("arguments.fileId");
    assertThat(problems("paddleocr", "ocr", "{}"))
        .extracting(FieldProblem::path)
        .containsExactly("arguments.input_data");
  }

  @Test
  void argumentsOfTheWrongTypeOrRangeAreReportedAtTheirPaths() {
    assertThat(
            problems("firecrawl", "firecrawl_search", "{\"query\": \"AI\", \"limit\": \"five\"}"))
        .extracting(FieldProblem::path)
        .containsExactly("arguments.limit");
    assertThat(problems("firecrawl", "firecrawl_search", "{\"query\": \"AI\", \"limit\": 0}"))
        .extracting(FieldProblem::path)
        .containsExactly("arguments.limit");
    assertThat(problems("slack", "slack_post_message", "{\"channel_id\": 1, \"text\": \"hi\"}"))
        .extracting(FieldProblem::path)
        .containsExactly("arguments.channel_id");
    assertThat(problems("paddleocr", "ocr", "{\"input_data\": 5}"))
        .containsExactly(new FieldProblem("arguments.input_data", "must be of type string"));
    assertThat(problems("paddleocr", "ocr", "{\"input_data\": {\"text\": \"x\"}}"))
        .extracting(FieldProblem::path)
        .containsExactly("arguments.input_data");
  }

  @Test
  void argumentsTheRealServerDoesNotKnowAreRefused() {
    assertThat(problems("firecrawl", "firecrawl_search", "{\"query\": \"AI\", \"lang\": \"ko\"}"))
        .extracting(FieldProblem::path)
        .containsExactly("arguments");
  }

  @Test
  void anUnknownToolIsNotFound() {
    assertThatThrownBy(() -> tools.call("slack", "slack", "slack_delete_everything", null))
        .isInstanceOfSatisfying(
            ToolException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
              assertThat(e.connection()).isEqualTo("slack");
              assertThat(e.tool()).contains("slack_delete_everything");
              assertThat(e.isTransient()).isFalse();
            });
  }

  private int webHits(String arguments) {
    return structured("firecrawl", "firecrawl_search", arguments).at("/data/web").size();
  }

  private JsonNode structured(String preset, String tool, String arguments) {
    return call(preset, tool, arguments).get("structuredContent");
  }

  private JsonNode slack(String tool, String arguments) {
    return JSON.readTree(text(call("slack", tool, arguments)));
  }

  private JsonNode ocr(String arguments) {
    return call("paddleocr", "ocr", arguments);
  }

  /** The first text block of a {@code CallToolResult}. */
  private static String text(JsonNode callToolResult) {
    assertThat(callToolResult.at("/content/0/type").asString()).isEqualTo("text");
    return callToolResult.at("/content/0/text").asString();
  }

  private JsonNode call(String preset, String tool, String arguments) {
    return result(preset, tool, arguments).content();
  }

  private ToolResult result(String preset, String tool, String arguments) {
    var result = tools.call(preset, preset, tool, JSON.readTree(arguments));
    assertThat(result.simulated()).isTrue();
    assertThat(result.isError()).isFalse();
    assertThat(result.content().get("simulated").asBoolean()).isTrue();
    return result;
  }

  private List<FieldProblem> problems(String preset, String tool, String arguments) {
    List<FieldProblem> problems = new ArrayList<>();
    assertThatThrownBy(() -> tools.call(preset, preset, tool, JSON.readTree(arguments)))
        .isInstanceOfSatisfying(
            ToolException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
              assertThat(e.tool()).contains(tool);
              problems.addAll(e.problems());
            });
    return problems;
  }
}
