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
 * jsonb} accepts, and in a JSON body a lone UTF-16 surrogate ({@code "\ud800"} with no partner),
 * which is no character at all: UTF-8 has no bytes for it, so the driver would store {@code ?} in
 * its place (text silently changed) and a password hasher refuses it outright. Every string and
 * every field name of a JSON body, every query parameter and every header is looked at, so no
 * endpoint has to remember to.
 */
final class UnstorableText {

  static final String VALUE_MESSAGE = "must not contain the NUL character (\\u0000)";
  static final String NAME_MESSAGE = "the name must not contain the NUL character (\\u0000)";
  static final String SURROGATE_MESSAGE =
      "must not contain a lone surrogate (such as \\ud800 without its pair): only whole Unicode"
          + " characters can be stored";
  private static final char NUL = '\0';

  private UnstorableText() {}

  /**
   * Every NUL and lone surrogate of a JSON body, at its path ({@code nodes[1].label}). A body that
   * is not well-formed JSON yields what was found before the fault; reading it properly will report
   * the fault.
   */
  static List<FieldProblem> inJson(JsonMapper json, byte[] body, Charset charset) {
    List<FieldProblem> problems = new ArrayList<>();
    try (JsonParser parser = parser(json, body, charset)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        Fault fault =
            switch (token) {
              case PROPERTY_NAME -> fault(parser.currentName());
              case VALUE_STRING ->
                  fault(
                      parser.getStringCharacters(),
                      parser.getStringOffset(),
                      parser.getStringLength());
              default -> Fault.NONE;
            };
        if (fault != Fault.NONE) {
          boolean name = token == JsonToken.PROPERTY_NAME;
          problems.add(new FieldProblem(path(parser.streamReadContext()), fault.message(name)));
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

  /**
   * A name as the caller can read it in an answer: a NUL or a lone surrogate written as its JSON
   * escape.
   */
  private static String visible(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < name.length()
              && Character.isLowSurrogate(name.charAt(i + 1));
      if (pair) {
        out.append(c).append(name.charAt(++i));
      } else if (c == NUL || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** What makes a JSON string unstorable; the first fault found is the one named. */
  enum Fault {
    NONE,
    NUL_CHARACTER,
    LONE_SURROGATE;

    String message(boolean name) {
      return switch (this) {
        case NONE -> throw new IllegalStateException("no fault to name");
        case NUL_CHARACTER -> name ? NAME_MESSAGE : VALUE_MESSAGE;
        // Jackson refuses a lone surrogate in a field name as malformed JSON (400) itself.
        case LONE_SURROGATE -> SURROGATE_MESSAGE;
      };
    }
  }

  static Fault fault(String text) {
    return text == null ? Fault.NONE : fault(text.toCharArray(), 0, text.length());
  }

  /** A NUL, or a surrogate that is not half of a high-then-low pair. */
  static Fault fault(char[] text, int offset, int length) {
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      char c = text[i];
      if (c == NUL) {
        return Fault.NUL_CHARACTER;
      }
      if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text[i + 1])) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return Fault.LONE_SURROGATE;
      }
    }
    return Fault.NONE;
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
