package dev.orchestrate.live;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A Server-Sent Events client ({@code java.net.http}, line by line) that records every event. */
final class SseRecorder implements AutoCloseable {

  /** One event as received: its {@code id:}, {@code event:} and joined {@code data:} lines. */
  record Event(String id, String type, String data) {}

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final CompletableFuture<HttpResponse<Stream<String>>> response;

  private SseRecorder(HttpRequest request) {
    response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    Thread.ofVirtual().name("sse-recorder").start(this::read);
  }

  /** Opens {@code GET path} with the token and, when not null, a {@code Last-Event-ID}. */
  static SseRecorder open(int port, String path, String token, String lastEventId) {
    var request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Accept", "text/event-stream")
            .header("Authorization", "Bearer " + token);
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    return new SseRecorder(request.build());
  }

  private void read() {
    String id = null;
    String type = null;
    StringBuilder data = new StringBuilder();
    try (Stream<String> lines = response.join().body()) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            events.add(new Event(id, type, data.toString()));
          }
          id = null;
          type = null;
          data.setLength(0);
        } else if (line.startsWith("id:")) {
          id = value(line);
        } else if (line.startsWith("event:")) {
          type = value(line);
        } else if (line.startsWith("data:")) {
          data.append(data.isEmpty() ? "" : "\n").append(value(line));
        }
      }
    } catch (RuntimeException e) {
      // Closed by the test, or the server went away: what was read is kept.
    }
  }

  private static String value(String line) {
    String value = line.substring(line.indexOf(':') + 1);
    return value.startsWith(" ") ? value.substring(1) : value;
  }

  /** The response's status and content type, waiting at most 10 s for the headers. */
  HttpResponse<Stream<String>> response() {
    try {
      return response.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("no SSE response", e);
    }
  }

  List<Event> events() {
    return List.copyOf(events);
  }

  /** The type of the last event received, or "" before any. */
  String lastType() {
    List<Event> all = events();
    return all.isEmpty() || all.getLast().type() == null ? "" : all.getLast().type();
  }

  @Override
  public void close() {
    response.thenAccept(r -> r.body().close());
    http.shutdownNow();
  }
}
