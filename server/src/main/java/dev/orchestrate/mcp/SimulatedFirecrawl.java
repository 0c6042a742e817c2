package dev.orchestrate.mcp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Firecrawl without the web: searches and scrapes the bundled procurement announcements. */
final class SimulatedFirecrawl implements SimulatedTools.Service {

  private static final int DEFAULT_LIMIT = 5;
  // Where a word appears says how relevant the announcement is: the title most, the body least.
  private static final int TITLE_WEIGHT = 3;
  private static final int KEYWORD_WEIGHT = 2;

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

  private ObjectNode search(JsonNode arguments) {
    SearchTerms terms = SearchTerms.of(arguments.get("query").asString());
    int limit = arguments.path("limit").asInt(DEFAULT_LIMIT);
    List<JsonNode> found =
        announcements.stream()
            .filter(a -> score(a, terms) > 0)
            .sorted(Comparator.comparingInt((JsonNode a) -> score(a, terms)).reversed())
            .limit(limit)
            .toList();
    ObjectNode result = SimulatedTools.simulatedResult();
    if (found.isEmpty()) {
      found =
          announcements.stream()
              .sorted(
                  Comparator.comparing((JsonNode a) -> a.get("posted_on").asString()).reversed())
              .limit(limit)
              .toList();
      result.put("warning", samples.get("no_match_warning").asString());
    }
    var data = result.putArray("data");
    for (JsonNode announcement : found) {
      data.addObject()
          .put("url", url(announcement))
          .put("title", announcement.get("title").asString())
          .put("description", announcement.get("summary").asString())
          .put("markdown", page(announcement));
    }
    return result;
  }

  private ObjectNode scrape(JsonNode arguments) {
    String url = arguments.get("url").asString();
    ObjectNode result = SimulatedTools.simulatedResult();
    ObjectNode data = result.putObject("data");
    ObjectNode metadata;
    var announcement =
        announcements.stream()
            .filter(a -> url.contains(a.get("bid_number").asString()))
            .findFirst();
    if (announcement.isPresent()) {
      data.put("markdown", page(announcement.get()));
      metadata =
          data.putObject("metadata").put("title", announcement.get().get("title").asString());
    } else {
      JsonNode unknown = samples.get("unknown_page");
      data.put("markdown", unknown.get("markdown").asString().replace("{url}", url));
      metadata = data.putObject("metadata").put("title", unknown.get("title").asString());
    }
    metadata.put("sourceURL", url).put("statusCode", 200);
    return result;
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
