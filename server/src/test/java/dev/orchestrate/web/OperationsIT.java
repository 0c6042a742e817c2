package dev.orchestrate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.support.Api;
import dev.orchestrate.support.ServiceTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What operators rely on: health, metrics, the API description and request ids. */
class OperationsIT extends ServiceTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void healthNeedsNoTokenAndSaysUp() {
    HttpResponse<String> r = send("GET", "/health", Map.of());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).path("status").asString()).isEqualTo("UP");
  }

  @Test
  void metricsServePrometheusTextWithJvmAndHttpMeters() {
    // At least one finished request, so the HTTP timer has a sample.
    assertThat(send("GET", "/health", Map.of()).statusCode()).isEqualTo(200);

    HttpResponse<String> r = send("GET", "/metrics", Map.of("Accept", "text/plain"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(r.body()).contains("jvm_", "http_server_requests");
  }

  @Test
  void metricsAnswerAClientThatAcceptsAnything() {
    HttpResponse<String> r = send("GET", "/metrics", Map.of());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("jvm_");
  }

  @Test
  void theApiDescriptionIsOpenApiJsonCoveringTheContract() {
    HttpResponse<String> r = send("GET", "/api/docs", Map.of("Accept", "application/json"));

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode docs = json(r);
    assertThat(docs.path("openapi").asString()).startsWith("3.");
    assertThat(docs.path("paths").propertyNames())
        .contains(
            "/api/auth/signup",
            "/api/auth/login",
            "/api/me",
            "/api/workspaces",
            "/api/workspaces/{workspaceId}/agents",
            "/api/workspaces/{workspaceId}/pipelines",
            "/api/workspaces/{workspaceId}/pipelines/validate");
  }

  @Test
  void everyAnswerCarriesARequestId() {
    var session = api.signUp();
    List<HttpResponse<String>> answers =
        List.of(
            send("GET", "/health", Map.of()),
            send("GET", "/metrics", Map.of()),
            send("GET", "/api/docs", Map.of()),
            send("GET", "/api/me", Map.of()),
            send("GET", "/api/me", Map.of("Authorization", "Bearer " + session.token())),
            send("GET", "/api/no-such-thing", Map.of("Authorization", "Bearer " + session.token())),
            send(
                "GET",
                "/api/workspaces/" + UUID.randomUUID(),
                Map.of("Authorization", "Bearer " + session.token())),
            send(
                "POST",
                "/api/auth/login",
                Map.of("Content-Type", "application/json"),
                "{\"email\": "));

    for (HttpResponse<String> r : answers) {
      assertThat(r.headers().firstValue("X-Request-Id"))
          .as("%s %s", r.request().method(), r.uri())
          .hasValueSatisfying(id -> assertThat(id).isNotBlank());
    }
    // Each request gets its own id.
    assertThat(
            answers.stream()
                .map(r -> r.headers().firstValue("X-Request-Id").orElseThrow())
                .distinct())
        .hasSize(answers.size());
  }

  @Test
  void aSaneIncomingRequestIdIsEchoedBack() {
    String id = "trace-" + UUID.randomUUID();

    HttpResponse<String> health = send("GET", "/health", Map.of("X-Request-Id", id));
    HttpResponse<String> refused = send("GET", "/api/me", Map.of("X-Request-Id", id));

    assertThat(health.headers().firstValue("X-Request-Id")).hasValue(id);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("X-Request-Id")).hasValue(id);
    assertThat(json(refused).path("request_id").asString()).isEqualTo(id);
  }

  @Test
  void anUnreasonableIncomingRequestIdIsReplaced() {
    for (String unreasonable :
        List.of("x".repeat(500), "<script>alert(1)</script>", "id with spaces")) {
      HttpResponse<String> r = send("GET", "/health", Map.of("X-Request-Id", unreasonable));

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("X-Request-Id"))
          .as(unreasonable)
          .hasValueSatisfying(id -> assertThat(id).isNotEqualTo(unreasonable).isNotBlank());
    }
  }

  // --- a client that sets any header ------------------------------------------------------

  private HttpResponse<String> send(String method, String path, Map<String, String> headers) {
    return send(method, path, headers, null);
  }

  private HttpResponse<String> send(
      String method, String path, Map<String, String> headers, String body) {
    var builder =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(builder::header);
    try {
      return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(HttpResponse<String> r) {
    return Api.json().readTree(r.body());
  }
}
