package dev.orchestrate.cli.api;

import dev.orchestrate.cli.CliException;
import dev.orchestrate.cli.ExitCodes;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service's HTTP API as JSON, over the JDK's client. Every failure becomes a {@link
 * CliException} that says what happened in the user's words: the server is not there, the login is
 * not accepted, or the server's own problem+json with each of its errors.
 */
public final class ApiClient {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http;
  private final String server;
  private final String token;
  private final JsonMapper json;
  private final Failures failures;

  public ApiClient(String server, String token, JsonMapper json, Failures failures) {
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    this.server = server;
    this.token = token;
    this.json = json;
    this.failures = failures;
  }

  public String server() {
    return server;
  }

  public String token() {
    return token;
  }

  public HttpClient http() {
    return http;
  }

  public JsonNode get(String path) {
    return send(request(path).GET());
  }

  public JsonNode post(String path, Object body) {
    String text = body == null ? "{}" : json.writeValueAsString(body);
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(text)));
  }

  private HttpRequest.Builder request(String path) {
    var builder =
        HttpRequest.newBuilder(URI.create(server + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json, application/problem+json")
            .header("User-Agent", "orchestrate-cli");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private JsonNode send(HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpConnectTimeoutException | UnresolvedAddressException e) {
      throw failures.unreachable(server, e);
    } catch (HttpTimeoutException e) {
      throw failures.timeout(server);
    } catch (IOException e) {
      throw failures.unreachable(server, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.INTERNAL, "interrupted", "interrupted");
    }
    JsonNode body = parse(response);
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return body;
    }
    if (status == 401) {
      throw failures.unauthorized(server, token, body);
    }
    throw failures.problem(status, body);
  }

  private JsonNode parse(HttpResponse<String> response) {
    String type = response.headers().firstValue("Content-Type").orElse("");
    String text = response.body();
    if (text == null || text.isBlank()) {
      return json.nullNode();
    }
    if (!type.contains("json")) {
      throw failures.notTheService(server, response.statusCode());
    }
    try {
      return json.readTree(text);
    } catch (JacksonException e) {
      throw failures.notTheService(server, response.statusCode());
    }
  }
}
