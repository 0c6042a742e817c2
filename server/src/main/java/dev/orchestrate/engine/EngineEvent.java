package dev.orchestrate.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/** An execution event before it gets its seq: its type and its own fields (events.md). */
record EngineEvent(String type, Map<String, Object> fields) {

  static EngineEvent of(String type, Object... keyValues) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      fields.put((String) keyValues[i], keyValues[i + 1]);
    }
    return new EngineEvent(type, fields);
  }
}
