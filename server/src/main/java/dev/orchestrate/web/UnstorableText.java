package dev.orchestrate.web;

import dev.orchestrate.common.FieldProblem;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Enumeration;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds text PostgreSQL cannot store: the NUL character, which neither {@code text} nor {@code
 * jsonb} accepts. Every string and every field name of a JSON body, every query parameter and every
 * header is looked at, so no endpoint has to remember to.
 */
final class UnstorableText {

  static final String VALUE_MESSAGE = "must not contain the NUL character (\\u0000)";
  static final String NAME_MESSAGE = "the name must not contain the NUL character (\\u0000)";
  private static final char NUL = '\0';

  private UnstorableText() {}

  /**
   * Every NUL of a JSON body, at its path ({@code nodes[1].label}). A body that is not well-formed
   * JSON yields what was found before the fault; reading it properly will report the fault.
   */
  static List<FieldProblem> inJson(JsonMapper json, byte[] body, Charset charset) {
    List<FieldProblem> problems = new ArrayList<>();
    try (JsonParser parser = parser(json, body, charset)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.PROPERTY_NAME && hasNul(parser.currentName())) {
          problems.add(new FieldProblem(path(parser.streamReadContext()), NAME_MESSAGE));
        } else if (token == JsonToken.VALUE_STRING && hasNul(parser)) {
          problems.add(new FieldProblem(path(parser.streamReadContext()), VALUE_MESSAGE));
        }
      }
    } catch (JacksonException malformed) {
      // The message converter reads the body again and answers 400 for the fault.
    }
    return problems;
  }

  /** Every NUL of a raw query string, named by its (decoded) parameter. */
  static List<FieldProblem> inQuery(String query) {
    if (query == null || query.indexOf('%') < 0) {
      return List.of();
    }
    List<FieldProblem> problems = new ArrayList<>();
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      if (hasNul(name)) {
        problems.add(new FieldProblem(visible(name), NAME_MESSAGE));
      } else if (hasNul(value)) {
        problems.add(new FieldProblem(name, VALUE_MESSAGE));
      }
    }
    return problems;
  }

  /** Every header value with a NUL, named by the header. */
  static List<FieldProblem> inHeaders(
      Enumeration<String> names, java.util.function.Function<String, Enumeration<String>> values) {
    List<FieldProblem> problems = new ArrayList<>();
    for (String name : Collections.list(names)) {
      if (hasNul(name)) {
        problems.add(new FieldProblem(visible(name), NAME_MESSAGE));
      } else if (Collections.list(values.apply(name)).stream().anyMatch(UnstorableText::hasNul)) {
        problems.add(new FieldProblem(name, VALUE_MESSAGE));
      }
    }
    return problems;
  }

  private static JsonParser parser(JsonMapper json, byte[] body, Charset charset) {
    if (charset == null || charset.equals(StandardCharsets.UTF_8)) {
      return json.createParser(body);
    }
    return json.createParser(new InputStreamReader(new ByteArrayInputStream(body), charset));
  }

  /** The path in the form the service's other validation problems use: {@code a.b[2].c}. */
  static String path(TokenStreamContext context) {
    Deque<String> segments = new ArrayDeque<>();
    for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        segments.push("[" + c.getCurrentIndex() + "]");
      } else if (c.currentName() != null) {
        segments.push("." + visible(c.currentName()));
      }
    }
    String path = String.join("", segments);
    if (path.isEmpty()) {
      return "$";
    }
    return path.startsWith(".") ? path.substring(1) : path;
  }

  /** A name as the caller can read it in an answer: the NUL written as its JSON escape. */
  private static String visible(String name) {
    return name.replace(String.valueOf(NUL), "\\u0000");
  }

  private static boolean hasNul(JsonParser parser) {
    char[] text = parser.getStringCharacters();
    int end = parser.getStringOffset() + parser.getStringLength();
    for (int i = parser.getStringOffset(); i < end; i++) {
      if (text[i] == NUL) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasNul(String text) {
    return text != null && text.indexOf(NUL) >= 0;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // Malformed escapes are the container's to refuse; they carry no NUL we could name.
      return text;
    }
  }
}
