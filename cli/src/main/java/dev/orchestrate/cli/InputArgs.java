package dev.orchestrate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A run's input from the command line: {@code --input JSON} or {@code --input-file F} (a file, or
 * {@code -} for standard input), then {@code key=value} fields on top, as HTTPie writes them:
 * {@code key=text} is a string, {@code key:=json} any JSON value, {@code key=@file} a file's text.
 */
final class InputArgs {

  private final JsonMapper json;
  private final FileReader files;

  /** Reads a named file's text; {@code -} is standard input. */
  interface FileReader {
    String read(String name) throws IOException;
  }

  InputArgs(JsonMapper json, FileReader files) {
    this.json = json;
    this.files = files;
  }

  static FileReader realFiles() {
    return name ->
        name.equals("-")
            ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
            : Files.readString(Path.of(name), StandardCharsets.UTF_8);
  }

  /** The input object; throws {@link Problem} for anything that is not usable. */
  JsonNode parse(String inline, String file, List<String> fields) {
    if (inline != null && file != null) {
      throw new Problem("input.both");
    }
    JsonNode base = json.createObjectNode();
    if (inline != null) {
      base = parseJson(inline, "--input");
    } else if (file != null) {
      base = parseJson(read(file), file);
    }
    if (fields.isEmpty()) {
      return base;
    }
    if (!(base instanceof ObjectNode object)) {
      throw new Problem("input.fields_need_object");
    }
    for (String field : fields) {
      put(object, field);
    }
    return object;
  }

  private void put(ObjectNode object, String field) {
    int equals = field.indexOf('=');
    if (equals < 0) {
      throw new Problem("input.field_syntax", field);
    }
    boolean raw = equals > 0 && field.charAt(equals - 1) == ':';
    String key = field.substring(0, raw ? equals - 1 : equals);
    String value = field.substring(equals + 1);
    if (key.isEmpty()) {
      throw new Problem("input.field_syntax", field);
    }
    if (value.startsWith("@") && value.length() > 1) {
      value = read(value.substring(1));
    }
    if (raw) {
      object.set(key, parseJson(value, key));
    } else {
      object.put(key, value);
    }
  }

  private JsonNode parseJson(String text, String source) {
    try {
      JsonNode node = json.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new Problem("input.empty", source);
      }
      return node;
    } catch (JacksonException e) {
      throw new Problem("input.not_json", source, e.getOriginalMessage());
    }
  }

  private String read(String name) {
    try {
      return files.read(name);
    } catch (IOException e) {
      throw new Problem("input.unreadable", name, String.valueOf(e.getMessage()));
    }
  }

  /** Input that cannot be used: a message key and its arguments, for the caller to say. */
  static final class Problem extends RuntimeException {
    private final String key;
    private final transient Object[] args;

    Problem(String key, Object... args) {
      super(key);
      this.key = key;
      this.args = args;
    }

    String key() {
      return key;
    }

    Object[] args() {
      return args;
    }
  }
}
