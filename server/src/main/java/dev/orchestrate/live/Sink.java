package dev.orchestrate.live;

import java.io.IOException;

/** Where a subscription sends events: a WebSocket or an SSE response. */
interface Sink {

  void send(StoredEvent event) throws IOException;

  /** Ends the stream; {@code code} is a WebSocket close code (SSE just completes). */
  void close(int code, String reason);

  boolean isOpen();
}
