package dev.orchestrate.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for the service under test, speaking JSON. */
public final class Api {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public Api(int port) {
    this.base = "http://localhost:" + port;
  }

  /** The service's address, {@code http://localhost:<port>}. */
  public String baseUrl() {
    return base;
  }

  public static JsonMapper json() {
    return JSON;
  }

  public Response get(String path, String token) {
    return send(request(path, token).GET());
  }

  public Response post(String path, String token, Object body) {
    return send(request(path, token).POST(bodyOf(body)));
  }

  public Response postWithHeaders(
      String path, String token, Object body, java.util.Map<String, String> headers) {
    var builder = request(path, token).POST(bodyOf(body));
    headers.forEach(builder::header);
    return send(builder);
  }

  public Response put(String path, String token, Object body) {
    return send(request(path, token).PUT(bodyOf(body)));
  }

  public Response patch(String path, String token, Object body) {
    return send(request(path, token).method("PATCH", bodyOf(body)));
  }

  public Response delete(String path, String token) {
    return send(request(path, token).DELETE());
  }

  /** Sends raw bytes with the given content type, for malformed-request tests. */
  public Response postRaw(
      String path, String token, String contentType, HttpRequest.BodyPublisher body) {
    return send(request(path, token).header("Content-Type", contentType).POST(body));
  }

  /** Signs up a new user with a unique email; the answer holds their token and workspace. */
  /** The id of the workspace's pipeline with that slug, such as a demo pipeline. */
  public String pipelineId(Session user, String slug) {
    return get(user.ws() + "/pipelines", user.token())
        .body()
        .valueStream()
        .filter(p -> p.get("slug").asString().equals(slug))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no pipeline " + slug))
        .get("id")
        .asString();
  }

  public Session signUp() {
    String email = "user-" + UUID.randomUUID() + "@example.com";
    Response r =
        post(
            "/api/auth/signup",
            null,
            java.util.Map.of(
                "email", email, "password", "correct horse battery", "name", "Tester"));
    if (r.status() != 201) {
      throw new AssertionError("sign-up failed: " + r);
    }
    return new Session(
        email,
        r.body().get("access_token").asString(),
        UUID.fromString(r.body().get("user").get("id").asString()),
        UUID.fromString(r.body().get("workspace").get("id").asString()));
  }

  private HttpRequest.Builder request(String path, String token) {
    var builder =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json, application/problem+json");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private static HttpRequest.BodyPublisher bodyOf(Object body) {
    String text = body instanceof String s ? s : JSON.writeValueAsString(body);
    return HttpRequest.BodyPublishers.ofString(text);
  }

  private Response send(HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    if (request.bodyPublisher().isPresent()
        && request.headers().firstValue("Content-Type").isEmpty()) {
      request =
          HttpRequest.newBuilder(request, (k, v) -> true)
              .header("Content-Type", "application/json")
              .build();
    }
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode body = response.body().isBlank() ? JSON.nullNode() : parse(response.body());
      return new Response(response.statusCode(), body, response.headers(), response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (RuntimeException e) {
      return JSON.getNodeFactory().stringNode(text);
    }
  }

  /** A signed-up user. */
  public record Session(String email, String token, UUID userId, UUID workspaceId) {
    public String ws() {
      return "/api/workspaces/" + workspaceId;
    }
  }

  /** An HTTP answer with its JSON body. */
  public record Response(int status, JsonNode body, java.net.http.HttpHeaders headers, String raw) {
    public String contentType() {
      return headers.firstValue("Content-Type").orElse("");
    }

    @Override
    public String toString() {
      return status + " " + raw;
    }
  }
}
