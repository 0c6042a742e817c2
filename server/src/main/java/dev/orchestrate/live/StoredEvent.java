package dev.orchestrate.live;

/** An execution event as stored: its seq, type and the JSON clients receive. */
record StoredEvent(long seq, String type, String json) {}
