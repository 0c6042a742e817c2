package dev.orchestrate.live;

import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events as a sink: {@code id} is the event's resume point (so {@code Last-Event-ID}
 * resumes), {@code event} the type.
 */
final class SseSink implements Sink {

  private final SseEmitter emitter;
  private volatile boolean open = true;

  SseSink(SseEmitter emitter) {
    this.emitter = emitter;
    emitter.onCompletion(() -> open = false);
    emitter.onError(e -> open = false);
    emitter.onTimeout(() -> open = false);
  }

  @Override
  public void send(StoredEvent event) throws IOException {
    emitter.send(
        SseEmitter.event()
            .id(event.id())
            .name(event.type())
            .data(event.json(), MediaType.APPLICATION_JSON));
  }

  /**
   * A comment line, which clients ignore: with nothing else to send (the execution has ended), it
   * is the only way to notice a client that went away, and so to let go of its subscription.
   */
  void heartbeat() {
    try {
      emitter.send(SseEmitter.event().comment("keep-alive"));
    } catch (IOException | IllegalStateException e) {
      close(1001, "gone");
    }
  }

  @Override
  public void close(int code, String reason) {
    open = false;
    emitter.complete();
  }

  @Override
  public boolean isOpen() {
    return open;
  }
}
