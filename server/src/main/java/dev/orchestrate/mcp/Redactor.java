package dev.orchestrate.mcp;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Takes a client's secret values out of text before it is logged or shown: a server's stderr, the
 * SDK's errors, a server's own error message. Values are matched as written, JSON-escaped (as they
 * appear inside a quoted string), and line by line for multi-line values such as key files.
 */
final class Redactor {

  static final String MASK = "[redacted]";
  static final Redactor NONE = new Redactor(List.of());

  // Shorter values would mask ordinary words; a secret that short protects nothing anyway.
  private static final int MIN_LENGTH = 4;

  private final List<String> values;

  private Redactor(List<String> values) {
    this.values = values;
  }

  static Redactor of(Collection<String> secrets) {
    Set<String> forms = new LinkedHashSet<>();
    for (String secret : secrets) {
      forms.add(secret);
      forms.add(jsonEscaped(secret));
      for (String line : secret.split("\\R")) {
        forms.add(line.strip());
      }
    }
    return new Redactor(
        forms.stream()
            .filter(form -> form.length() >= MIN_LENGTH)
            // Longest first, so a value that contains another is masked whole.
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList());
  }

  String redact(String text) {
    if (text == null || values.isEmpty()) {
      return text;
    }
    String result = text;
    for (String value : values) {
      result = result.replace(value, MASK);
    }
    return result;
  }

  Redactor and(Redactor other) {
    List<String> all = new java.util.ArrayList<>(values);
    all.addAll(other.values);
    return new Redactor(
        all.stream()
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList());
  }

  private static String jsonEscaped(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
