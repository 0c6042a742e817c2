package dev.orchestrate.pipeline.graph;

import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Converts JSON into the plain Java values CEL evaluates: maps, lists, String, Long, Double. */
public final class CelValues {

  private CelValues() {}

  public static Object fromJson(JsonNode json) {
    if (json == null || json.isNull() || json.isMissingNode()) {
      return NullValue.NULL_VALUE;
    }
    if (json.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      json.forEachEntry((key, value) -> map.put(key, fromJson(value)));
      return Collections.unmodifiableMap(map);
    }
    if (json.isArray()) {
      List<Object> list = new ArrayList<>(json.size());
      json.forEach(value -> list.add(fromJson(value)));
      return Collections.unmodifiableList(list);
    }
    if (json.isBoolean()) {
      return json.booleanValue();
    }
    // CEL has int (64-bit) and double; an integer too large for a long is kept as a double.
    if (json.isIntegralNumber() && json.canConvertToLong()) {
      return json.longValue();
    }
    if (json.isNumber()) {
      return json.doubleValue();
    }
    return json.asString();
  }

  /** {@link #fromJson} of a JSON object, as the {@code Map} that {@link Condition} takes. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> mapFromJson(JsonNode object) {
    if (object == null || !object.isObject()) {
      return Map.of();
    }
    return (Map<String, Object>) fromJson(object);
  }
}
