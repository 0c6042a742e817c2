package dev.orchestrate.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps Java's insides out of what callers read. Messages often wrap a library's ({@code "invalid
 * JSON Schema: " + e.getMessage()}), and a library's message may name a Java type or quote another
 * exception: such a text is cut before the first Java name, keeping the planned words in front, or
 * replaced whole when nothing plain is left.
 */
final class PlainWords {

  /**
   * A qualified Java type ({@code java.util.regex.PatternSyntaxException}) or an exception name.
   * Every alternative starts at a word boundary, so a long caller-supplied word (quoted in a
   * message) is scanned once, not once per character.
   */
  private static final Pattern JAVA =
      Pattern.compile(
          "\\b(?:java|javax|jakarta|jdk|sun|com|org|net|io|tools|dev)(?:\\.[a-z_][a-z0-9_]*)+"
              + "\\.[A-Z][\\w$]*"
              + "|\\b(?:[A-Z]\\w*)?Exception\\b|\\b[A-Z]\\w*Error\\b");

  private static final String JOINTS = ":;,([-'\"";

  private PlainWords() {}

  /** {@code text} when it is plain, else its plain beginning, else {@code fallback}. */
  static String of(String text, String fallback) {
    if (text == null) {
      return null;
    }
    Matcher java = JAVA.matcher(text);
    if (!java.find()) {
      return text;
    }
    String before = withoutJoint(text.substring(0, java.start()));
    return before.isEmpty() ? fallback : before;
  }

  /**
   * The words without what joined them to a Java name: {@code ": "}, {@code " ("}, a stack frame's
   * {@code "at"}. A loop, not a regex, so a long caller-supplied text costs linear time.
   */
  private static String withoutJoint(String words) {
    int end = words.length();
    while (end > 0) {
      char c = words.charAt(end - 1);
      if (Character.isWhitespace(c) || JOINTS.indexOf(c) >= 0) {
        end--;
      } else if (words.startsWith("at", end - 2)
          && (end == 2 || Character.isWhitespace(words.charAt(end - 3)))) {
        end -= 2;
      } else {
        break;
      }
    }
    return words.substring(0, end);
  }
}
