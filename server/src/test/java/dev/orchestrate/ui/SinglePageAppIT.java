package dev.orchestrate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.support.ServiceTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The app is served at / and at its client-side routes, and nothing of the API is shadowed. */
class SinglePageAppIT extends ServiceTest {

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theAppAndItsRoutesAnswerIndexHtmlWithoutAToken() throws Exception {
    for (String path :
        new String[] {"/", "/pipelines", "/signin", "/executions/" + java.util.UUID.randomUUID()}) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .as(path)
          .startsWith("text/html");
      assertThat(r.body()).as(path).contains("<div id=\"root\"></div>");
      assertThat(r.headers().firstValue("Cache-Control").orElse("")).as(path).contains("no-cache");
    }
  }

  @Test
  void itsAssetsAreServedAndAMissingFileIsAProblem404() throws Exception {
    String index = get("/").body();
    String script = index.replaceAll("(?s).*src=\"(/assets/[^\"]+\\.js)\".*", "$1");
    assertThat(script).startsWith("/assets/");
    HttpResponse<String> asset = get(script);
    assertThat(asset.statusCode()).isEqualTo(200);
    assertThat(asset.headers().firstValue("Content-Type").orElse("")).contains("javascript");

    HttpResponse<String> missing = get("/assets/no-such-file.js");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
  }

  @Test
  void serviceRoutesAreNeverTheApp() throws Exception {
    var session = api.signUp();
    var unknownApi = api.get("/api/no-such-thing", session.token());
    assertThat(unknownApi.status()).isEqualTo(404);
    assertThat(unknownApi.contentType()).startsWith("application/problem+json");
    var unknownOrchestrate = api.get("/orchestrate/no-such-thing", session.token());
    assertThat(unknownOrchestrate.status()).isEqualTo(404);
    assertThat(unknownOrchestrate.contentType()).startsWith("application/problem+json");
    assertThat(get("/api/me").statusCode()).isEqualTo(401);
    assertThat(get("/health").statusCode()).isEqualTo(200);
    assertThat(get("/health").body()).doesNotContain("<div id=\"root\">");
    assertThat(get("/metrics").body()).doesNotContain("<div id=\"root\">");
    // Swagger UI's paths belong to springdoc's own mapping, never to the app.
    assertThat(get("/swagger-ui/index.html").body()).doesNotContain("<div id=\"root\">");
    assertThat(get("/ws/execution/" + java.util.UUID.randomUUID()).body())
        .doesNotContain("<div id=\"root\">");
  }
}
