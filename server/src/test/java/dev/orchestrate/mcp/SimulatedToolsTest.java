package dev.orchestrate.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.common.ErrorKind;
import dev.orchestrate.common.FieldProblem;
import dev.orchestrate.mcp.ToolGateway.ToolInfo;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SimulatedToolsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2025-07-05T03:20:00.123456789Z");
  private final SimulatedToolGateway tools =
      new SimulatedToolGateway(JSON, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void everyPresetListsItsToolsMarkedSimulated() {
    for (Preset preset : Preset.ALL) {
      List<ToolInfo> listed = tools.tools(preset.name());
      assertThat(listed).extracting(ToolInfo::name).containsExactlyElementsOf(preset.tools());
      assertThat(listed).allSatisfy(tool -> assertThat(tool.simulated()).isTrue());
      assertThat(listed)
          .allSatisfy(
              tool -> assertThat(tool.inputSchema().get("type").asString()).isEqualTo("object"));
    }
  }

  @Test
  void theDemoQueryFindsSeveralAiAnnouncements() {
    JsonNode result =
        call("firecrawl", "firecrawl_search", "{\"query\": \"정부조달 공고 검색: AI 솔루션\", \"limit\": 5}");
    assertThat(result.get("simulated").asBoolean()).isTrue();
    assertThat(result.has("warning")).isFalse();
    assertThat(result.get("data").size()).isBetween(3, 5);
    for (JsonNode hit : result.get("data")) {
      assertThat(hit.get("url").asString()).startsWith("https://www.g2b.go.kr/");
      assertThat(hit.get("title").asString() + hit.get("description").asString()).contains("AI");
      assertThat(hit.get("markdown").asString()).contains("공고번호", "수요기관", "자격요건", "원 (");
    }
  }

  @Test
  void theGrantFactorySampleQueryRanksAnnouncementsNamingAiSolutionsFirst() {
    JsonNode data =
        call("firecrawl", "firecrawl_search", "{\"query\": \"AI 솔루션\", \"limit\": 5}").get("data");
    assertThat(data.get(0).get("title").asString()).contains("AI 솔루션");
    assertThat(data.size()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void searchHonoursLimit() {
    assertThat(
            call("firecrawl", "firecrawl_search", "{\"query\": \"데이터\", \"limit\": 2}")
                .get("data")
                .size())
        .isEqualTo(2);
    assertThat(
            call("firecrawl", "firecrawl_search", "{\"query\": \"AI\", \"limit\": 1}")
                .get("data")
                .size())
        .isEqualTo(1);
  }

  @Test
  void searchWithNoMatchShowsRecentAnnouncementsAndSaysSo() {
    JsonNode result =
        call("firecrawl", "firecrawl_search", "{\"query\": \"우주항공 발사체\", \"limit\": 3}");
    assertThat(result.get("warning").asString()).contains("일치하는 샘플 공고가 없어");
    assertThat(result.get("data").size()).isEqualTo(3);
  }

  @Test
  void scrapeReadsTheAnnouncementAtASearchResultsUrl() {
    JsonNode hit =
        call("firecrawl", "firecrawl_search", "{\"query\": \"클라우드\", \"limit\": 1}")
            .get("data")
            .get(0);
    JsonNode page =
        call("firecrawl", "firecrawl_scrape", "{\"url\": \"" + hit.get("url").asString() + "\"}");
    assertThat(page.get("simulated").asBoolean()).isTrue();
    assertThat(page.at("/data/markdown").asString()).isEqualTo(hit.get("markdown").asString());
    assertThat(page.at("/data/metadata/title").asString()).isEqualTo(hit.get("title").asString());
    assertThat(page.at("/data/metadata/statusCode").asInt()).isEqualTo(200);
  }

  @Test
  void scrapeOfAnUnknownPageSaysNothingWasFetched() {
    JsonNode page =
        call("firecrawl", "firecrawl_scrape", "{\"url\": \"https://example.com/news\"}");
    assertThat(page.at("/data/markdown").asString())
        .contains("https://example.com/news", "firecrawl_api_key");
  }

  @Test
  void postedSlackMessageIsEchoedWithATimestampFromTheClock() {
    JsonNode result =
        call(
            "slack",
            "slack_post_message",
            "{\"channel_id\": \"#ops-alerts\", \"text\": \"복구 완료\"}");
    assertThat(result.get("simulated").asBoolean()).isTrue();
    assertThat(result.get("ok").asBoolean()).isTrue();
    assertThat(result.get("channel").asString()).isEqualTo("C06OPSALRT1");
    assertThat(result.get("ts").asString()).isEqualTo("1751685600.123456");
    assertThat(result.at("/message/text").asString()).isEqualTo("복구 완료");
    JsonNode unknown =
        call("slack", "slack_post_message", "{\"channel_id\": \"C999\", \"text\": \"hi\"}");
    assertThat(unknown.get("channel").asString()).isEqualTo("C999");
  }

  @Test
  void slackChannelsArePagedByLimitAndCursor() {
    JsonNode first = call("slack", "slack_list_channels", "{\"limit\": 2}");
    assertThat(first.get("channels").size()).isEqualTo(2);
    String cursor = first.at("/response_metadata/next_cursor").asString();
    JsonNode rest =
        call("slack", "slack_list_channels", "{\"limit\": 10, \"cursor\": \"" + cursor + "\"}");
    assertThat(rest.get("channels").size()).isEqualTo(3);
    assertThat(rest.at("/response_metadata/next_cursor").asString()).isEmpty();
    assertThat(
            tools
                .call("slack", "slack", "slack_list_channels", null)
                .content()
                .get("channels")
                .size())
        .isEqualTo(5);
  }

  @Test
  void driveReadsSampleFilesAndADefaultDocumentForAnyOtherId() {
    JsonNode file =
        call("gdrive", "gdrive_read_file", "{\"fileId\": \"demo-business-registration\"}")
            .get("file");
    assertThat(file.get("id").asString()).isEqualTo("demo-business-registration");
    assertThat(file.get("mimeType").asString()).isEqualTo("application/pdf");
    assertThat(file.get("content").asString()).contains("사 업 자 등 록 증", "214-88-52731");

    JsonNode other = call("gdrive", "gdrive_read_file", "{\"fileId\": \"1AbC\"}");
    assertThat(other.get("simulated").asBoolean()).isTrue();
    assertThat(other.at("/file/id").asString()).isEqualTo("1AbC");
    assertThat(other.at("/file/name").asString()).contains("1AbC");
    assertThat(other.at("/file/content").asString()).contains("문서 ID: 1AbC");
  }

  @Test
  void driveSearchFindsFilesByNameAndContent() {
    JsonNode result = call("gdrive", "gdrive_search", "{\"query\": \"재무제표\"}");
    assertThat(result.get("files"))
        .extracting(f -> f.get("id").asString())
        .contains("demo-financial-statement");
    assertThat(result.get("nextPageToken").isNull()).isTrue();
    assertThat(call("gdrive", "gdrive_search", "{\"query\": \"없는낱말\"}").get("files").isEmpty())
        .isTrue();
  }

  @Test
  void ocrReadsTheTextOfADriveResultPassedAsJson() {
    JsonNode drive =
        call("gdrive", "gdrive_read_file", "{\"fileId\": \"demo-business-registration\"}");
    JsonNode asObject = ocr(drive);
    JsonNode asString = ocr(JSON.getNodeFactory().stringNode(drive.toString()));
    assertThat(asObject).isEqualTo(asString);
    assertThat(asObject.get("simulated").asBoolean()).isTrue();
    assertThat(asObject.get("text").asString()).contains("등록번호: 214-88-52731", "삼성세무서장");
    assertThat(asObject.has("note")).isFalse();
    JsonNode page = asObject.get("pages").get(0);
    assertThat(page.get("page").asInt()).isEqualTo(1);
    assertThat(page.get("lines"))
        .allSatisfy(line -> assertThat(line.get("confidence").asDouble()).isBetween(0.9, 0.99));
    assertThat(asObject.get("confidence").asDouble()).isBetween(0.9, 0.99);
  }

  @Test
  void ocrOfAnImageItCannotReadReturnsTheSampleScanLabelled() {
    JsonNode result = ocr(JSON.getNodeFactory().stringNode("https://files.example/scan.png"));
    assertThat(result.get("text").asString()).contains("납 세 증 명 서");
    assertThat(result.get("note").asString()).contains("시뮬레이션");
  }

  @Test
  void ocrSplitsPagesAtFormFeedsAndDecodesBase64Text() {
    String base64 =
        java.util.Base64.getEncoder()
            .encodeToString("첫 장\n\f둘째 장".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    JsonNode result = ocr(JSON.getNodeFactory().stringNode(base64));
    assertThat(result.get("pages"))
        .extracting(p -> p.get("text").asString())
        .containsExactly("첫 장", "둘째 장");
    assertThat(result.get("text").asString()).isEqualTo("첫 장\n\n둘째 장");
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
    assertThat(problems("gdrive", "gdrive_read_file", "{}"))
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
    assertThat(problems("firecrawl", "firecrawl_scrape", "{\"url\": \"not a url\"}"))
        .extracting(FieldProblem::path)
        .containsExactly("arguments.url");
    assertThat(problems("slack", "slack_post_message", "{\"channel_id\": 1, \"text\": \"\"}"))
        .extracting(FieldProblem::path)
        .containsExactlyInAnyOrder("arguments.channel_id", "arguments.text");
    assertThat(problems("paddleocr", "ocr", "{\"input_data\": 5}"))
        .containsExactly(
            new FieldProblem("arguments.input_data", "must be of type string or object"));
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

  private JsonNode ocr(JsonNode inputData) {
    var arguments = JSON.createObjectNode();
    arguments.set("input_data", inputData);
    return tools.call("paddleocr", "paddleocr", "ocr", arguments).content();
  }

  private JsonNode call(String preset, String tool, String arguments) {
    var result = tools.call(preset, preset, tool, JSON.readTree(arguments));
    assertThat(result.simulated()).isTrue();
    assertThat(result.isError()).isFalse();
    return result.content();
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
