package dev.orchestrate.mcp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Firecrawl without the web: searches and scrapes the bundled procurement announcements, answering
 * as {@code firecrawl-mcp} does: the Firecrawl API's response as {@code structuredContent} and as
 * JSON text.
 */
final class SimulatedFirecrawl implements SimulatedTools.Service {

  // The Firecrawl API's own default when a search names no limit.
  private static final int DEFAULT_LIMIT = 5;
  // Where a word appears says how relevant the announcement is: the title most, the body least.
  private static final int TITLE_WEIGHT = 3;
  private static final int KEYWORD_WEIGHT = 2;
  private static final String MARKDOWN = "markdown";
  private static final Set<String> SIMULATED_FORMATS = Set.of(MARKDOWN, "links");

  private final JsonNode samples;
  private final List<JsonNode> announcements = new ArrayList<>();

  SimulatedFirecrawl(JsonNode samples) {
    this.samples = samples;
    samples.get("announcements").forEach(announcements::add);
  }

  @Override
  public String preset() {
    return "firecrawl";
  }

  @Override
  public Map<String, SimulatedTools.Handler> handlers() {
    return Map.of("firecrawl_search", this::search, "firecrawl_scrape", this::scrape);
  }

  /** {@code POST /v2/search}: web results, each with its page when scrapeOptions asks for it. */
  private ObjectNode search(JsonNode arguments) {
    SearchTerms terms = SearchTerms.of(arguments.get("query").asString());
    int limit = arguments.path("limit").asInt(DEFAULT_LIMIT);
    boolean withPages = requests(arguments.at("/scrapeOptions/formats"), MARKDOWN);
    ObjectNode response = JsonNodeFactory.instance.objectNode().put("success", true);
    ArrayNode web = response.putObject("data").putArray("web");
    if (!searchesTheWeb(arguments.path("sources"))) {
      return SimulatedTools.structuredResult(response.put("creditsUsed", 0));
    }
    List<JsonNode> found =
        announcements.stream()
            .filter(a -> score(a, terms) > 0)
            .sorted(Comparator.comparingInt((JsonNode a) -> score(a, terms)).reversed())
            .limit(limit)
            .toList();
    if (found.isEmpty()) {
      found =
          announcements.stream()
              .sorted(
                  Comparator.comparing((JsonNode a) -> a.get("posted_on").asString()).reversed())
              .limit(limit)
              .toList();
      response.put("warning", samples.get("no_match_warning").asString());
    }
    for (JsonNode announcement : found) {
      ObjectNode hit =
          web.addObject()
              .put("url", url(announcement))
              .put("title", announcement.get("title").asString())
              .put("description", announcement.get("summary").asString())
              .put("position", web.size());
      if (withPages) {
        hit.put(MARKDOWN, page(announcement));
        metadata(hit, announcement.get("title").asString(), url(announcement));
      }
    }
    return SimulatedTools.structuredResult(response.put("creditsUsed", 0));
  }

  /** {@code POST /v2/scrape}: the document, whose fields are the formats asked for. */
  private ObjectNode scrape(JsonNode arguments) {
    String url = arguments.path("url").asString("");
    // firecrawl-mcp's own checks (url or alexandria, and a valid URL), in its words.
    if (url.isEmpty() == arguments.path("alexandria").isMissingNode()) {
      throw new SimulatedTools.InvalidArguments(
          "arguments", "Provide exactly one of url or alexandria");
    }
    if (url.isEmpty()) {
      return SimulatedTools.errorResult(samples.get("alexandria_error").asString());
    }
    if (!isWebAddress(url)) {
      throw new SimulatedTools.InvalidArguments("arguments.url", "Invalid URL");
    }
    ObjectNode document = JsonNodeFactory.instance.objectNode();
    Optional<JsonNode> announcement =
        announcements.stream()
            .filter(a -> url.contains(a.get("bid_number").asString()))
            .findFirst();
    String title;
    String markdown;
    if (announcement.isPresent()) {
      title = announcement.get().get("title").asString();
      markdown = page(announcement.get());
    } else {
      JsonNode unknown = samples.get("unknown_page");
      title = unknown.get("title").asString();
      markdown = unknown.get(MARKDOWN).asString().replace("{url}", url);
    }
    JsonNode formats = arguments.path("formats");
    if (formats.isMissingNode() || requests(formats, MARKDOWN)) {
      document.put(MARKDOWN, markdown);
    }
    if (requests(formats, "links")) {
      document.putArray("links").add(url);
    }
    for (JsonNode format : formats) {
      if (!SIMULATED_FORMATS.contains(format.asString())) {
        document.put("warning", samples.get("unsimulated_formats_warning").asString());
      }
    }
    metadata(document, title, url);
    return SimulatedTools.structuredResult(document);
  }

  private static void metadata(ObjectNode document, String title, String url) {
    document
        .putObject("metadata")
        .put("title", title)
        .put("language", "ko")
        .put("sourceURL", url)
        .put("url", url)
        .put("statusCode", 200)
        .put("contentType", "text/html; charset=utf-8");
  }

  private static boolean searchesTheWeb(JsonNode sources) {
    if (!sources.isArray()) {
      return true;
    }
    for (JsonNode source : sources) {
      if ("web".equals(source.isObject() ? source.path("type").asString() : source.asString())) {
        return true;
      }
    }
    return false;
  }

  private static boolean requests(JsonNode formats, String format) {
    for (JsonNode requested : formats) {
      if (format.equals(requested.asString())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWebAddress(String url) {
    try {
      URI uri = new URI(url);
      return uri.getHost() != null
          && ("http".equalsIgnoreCase(uri.getScheme())
              || "https".equalsIgnoreCase(uri.getScheme()));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static int score(JsonNode announcement, SearchTerms terms) {
    return TITLE_WEIGHT * terms.matches(announcement.get("title").asString())
        + KEYWORD_WEIGHT * terms.matches(joined(announcement.get("keywords"), " "))
        + terms.matches(announcement.get("summary").asString())
        + terms.matches(announcement.get("agency").asString())
        + terms.matches(joined(announcement.get("qualifications"), " "));
  }

  private String url(JsonNode announcement) {
    return samples
        .get("url_template")
        .asString()
        .replace("{bid_number}", announcement.get("bid_number").asString());
  }

  private String page(JsonNode announcement) {
    String page = samples.get("page_template").asString();
    for (String field :
        List.of(
            "title",
            "bid_number",
            "issuer",
            "agency",
            "contract_method",
            "posted_on",
            "deadline")) {
      page = page.replace("{" + field + "}", announcement.get(field).asString());
    }
    String budget = String.format(Locale.ROOT, "%,d", announcement.get("budget_krw").asLong());
    return page.replace("{budget}", budget)
        .replace("{qualifications}", "- " + joined(announcement.get("qualifications"), "\n- "))
        .replace("{summary}", announcement.get("summary").asString());
  }

  private static String joined(JsonNode strings, String separator) {
    List<String> parts = new ArrayList<>();
    strings.forEach(s -> parts.add(s.asString()));
    return String.join(separator, parts);
  }
}
