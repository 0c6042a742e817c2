package dev.orchestrate.live;

/**
 * An execution event as stored: its seq, type and the JSON clients receive; {@code id} is what a
 * Server-Sent Events client resumes from ({@code Last-Event-ID}): the seq on an execution's stream,
 * the event's {@code ts} on a workspace's.
 */
record StoredEvent(long seq, String type, String json, String id) {

  StoredEvent(long seq, String type, String json) {
    this(seq, type, json, Long.toString(seq));
  }
}
