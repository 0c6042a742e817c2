package dev.orchestrate.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Firecrawl API on loopback, for running the real {@code firecrawl-mcp} server against it
 * ({@code FIRECRAWL_API_URL=}{@link #url()}, {@code FIRECRAWL_API_KEY=}{@link #API_KEY}). It serves
 * what firecrawl-mcp 3.26.0 calls for its two preset tools, in the shapes its client ({@code
 * firecrawl} 4.42.0, axios) reads:
 *
 * <ul>
 *   <li>{@code POST /v2/search} {@code {query, limit?, sources?, scrapeOptions?, origin, ...}}:
 *       {@code {success, data: {web: [{url, title, description, position, markdown?, metadata?}]},
 *       creditsUsed, id}}; the server passes the whole body on as the tool's result.
 *   <li>{@code POST /v2/scrape} {@code {url, formats?, origin, ...}}: {@code {success, data:
 *       {markdown?, metadata}}}; the server passes {@code data} on.
 * </ul>
 *
 * <p>Both answer {@link #ANNOUNCEMENTS}, Korean public-procurement notices of their own (not the
 * simulated tools' samples, so a test can tell which answered). A request without {@code
 * Authorization: Bearer }{@link #API_KEY} gets Firecrawl's 401. Every request is recorded.
 */
public final class FakeFirecrawl implements AutoCloseable {

  /** The key the stand-in accepts. */
  public static final String API_KEY = "fc-fake-0123456789abcdef";

  /** The notices both endpoints answer. */
  public static final List<Announcement> ANNOUNCEMENTS =
      List.of(
          new Announcement(
              "R26BK01234567",
              "2026년 AI 기반 조달 문서 자동 분석 솔루션 도입 사업",
              "한국조달연구원",
              "612,000,000",
              "2026-12-10 10:00",
              "입찰 공고문과 제안요청서를 AI로 분석해 요건을 자동 추출하는 솔루션을 도입합니다."),
          new Announcement(
              "R26BK01234568",
              "공공데이터 개방 포털 AI 검색 고도화",
              "행정안전부",
              "845,000,000",
              "2026-12-15 17:00",
              "공공데이터 포털의 검색을 자연어 질의와 추천 기능으로 고도화합니다."),
          new Announcement(
              "R26BK01234569",
              "지방자치단체 민원 챗봇 클라우드 전환",
              "부산광역시",
              "390,000,000",
              "2026-12-22 14:00",
              "기존 민원 챗봇을 클라우드 네이티브 구조로 전환하고 상담 이력을 통합합니다."));

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int DEFAULT_LIMIT = 5;

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  /** A procurement notice, and where the stand-in says it is published. */
  public record Announcement(
      String bidNumber,
      String title,
      String agency,
      String budget,
      String deadline,
      String summary) {

    public String url() {
      return "https://www.g2b.go.kr/link/PNPE027_01/single/?bidPbancNo=" + bidNumber;
    }

    String markdown() {
      return "# %s\n\n| 항목 | 내용 |\n|---|---|\n| 공고번호 | %s |\n| 수요기관 | %s |\n| 배정예산 | %s원 |\n| 입찰 마감 | %s |\n\n## 사업 개요\n%s\n"
          .formatted(title, bidNumber, agency, budget, deadline, summary);
    }
  }

  /** What a client sent: the path, its {@code Authorization} header and its JSON body. */
  public record Request(
      String method, String path, Optional<String> authorization, JsonNode body) {}

  private FakeFirecrawl() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
  }

  public static FakeFirecrawl start() {
    try {
      return new FakeFirecrawl();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** For {@code FIRECRAWL_API_URL}: the client appends {@code /v2/...}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request received since the start or the last {@link #reset()}, in order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The requests to {@code path}, such as {@code /v2/search}. */
  public List<Request> requests(String path) {
    return requests.stream().filter(request -> request.path().equals(path)).toList();
  }

  public void reset() {
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] raw = exchange.getRequestBody().readAllBytes();
      JsonNode body = raw.length == 0 ? NODES.nullNode() : JSON.readTree(raw);
      String path = exchange.getRequestURI().getPath();
      Optional<String> authorization =
          Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"));
      requests.add(new Request(exchange.getRequestMethod(), path, authorization, body));
      if (!authorization.equals(Optional.of("Bearer " + API_KEY))) {
        send(exchange, 401, failure("Unauthorized: Invalid token"));
      } else if (!exchange.getRequestMethod().equals("POST")) {
        send(exchange, 405, failure("Method not allowed"));
      } else if (path.equals("/v2/search")) {
        send(exchange, 200, search(body));
      } else if (path.equals("/v2/scrape")) {
        send(exchange, 200, scrape(body));
      } else {
        send(exchange, 404, failure("Not found: the stand-in serves /v2/search and /v2/scrape"));
      }
    }
  }

  private static ObjectNode search(JsonNode body) {
    String query = body.path("query").asString("").toLowerCase(Locale.ROOT);
    List<Announcement> found = ANNOUNCEMENTS.stream().filter(a -> mentions(a, query)).toList();
    if (found.isEmpty()) {
      found = ANNOUNCEMENTS;
    }
    boolean pages = asks(body.at("/scrapeOptions/formats"), "markdown");
    ObjectNode response = NODES.objectNode().put("success", true);
    ArrayNode web = response.putObject("data").putArray("web");
    for (Announcement announcement :
        found.subList(0, Math.min(found.size(), body.path("limit").asInt(DEFAULT_LIMIT)))) {
      ObjectNode hit =
          web.addObject()
              .put("url", announcement.url())
              .put("title", announcement.title())
              .put("description", announcement.summary())
              .put("position", web.size());
      if (pages) {
        hit.put("markdown", announcement.markdown());
        hit.set("metadata", metadata(announcement.title(), announcement.url(), 200));
      }
    }
    // Firecrawl charges 2 credits per 10 results, and 1 more for each page it scrapes.
    int credits = 2 + (pages ? web.size() : 0);
    return response.put("creditsUsed", credits).put("id", "fake-search-" + web.size());
  }

  private static ObjectNode scrape(JsonNode body) {
    String url = body.path("url").asString("");
    Optional<Announcement> announcement =
        ANNOUNCEMENTS.stream().filter(a -> url.contains(a.bidNumber())).findFirst();
    ObjectNode document = NODES.objectNode();
    JsonNode formats = body.path("formats");
    if (formats.isMissingNode() || asks(formats, "markdown")) {
      document.put(
          "markdown", announcement.map(Announcement::markdown).orElse("# 페이지를 찾을 수 없습니다\n"));
    }
    document.set(
        "metadata",
        metadata(
            announcement.map(Announcement::title).orElse("404 Not Found"),
            url,
            announcement.isPresent() ? 200 : 404));
    ObjectNode response = NODES.objectNode().put("success", true);
    response.set("data", document);
    return response;
  }

  private static ObjectNode metadata(String title, String url, int status) {
    return NODES
        .objectNode()
        .put("title", title)
        .put("language", "ko")
        .put("sourceURL", url)
        .put("url", url)
        .put("statusCode", status)
        .put("contentType", "text/html; charset=utf-8")
        .put("scrapeId", "fake-scrape-" + Math.abs(url.hashCode()));
  }

  private static boolean mentions(Announcement announcement, String query) {
    String text = (announcement.title() + " " + announcement.summary()).toLowerCase(Locale.ROOT);
    for (String word : query.split("\\s+")) {
      if (word.length() > 1 && text.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code formats} asks for {@code format}, as a name or as {@code {type: name}}. */
  private static boolean asks(JsonNode formats, String format) {
    for (JsonNode requested : formats) {
      String name = requested.isObject() ? requested.path("type").asString() : requested.asString();
      if (format.equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static ObjectNode failure(String error) {
    return NODES.objectNode().put("success", false).put("error", error);
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
