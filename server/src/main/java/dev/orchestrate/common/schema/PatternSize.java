package dev.orchestrate.common.schema;

import java.util.regex.Matcher;

/**
 * Roughly how many instructions RE2 compiles a pattern to, read without compiling it: literal
 * characters and classes count one, a group its contents, alternatives add up, and a counted
 * repetition {@code {n,m}} multiplies by its bound. Syntax errors are left to RE2 to report.
 */
final class PatternSize {

  private static final java.util.regex.Pattern COUNT =
      java.util.regex.Pattern.compile("\\{(\\d{1,9})(,(\\d{0,9}))?}");

  private final String pattern;
  private int at;

  private PatternSize(String pattern) {
    this.pattern = pattern;
  }

  static long estimate(String pattern) {
    return new PatternSize(pattern).alternatives(false);
  }

  private long alternatives(boolean inGroup) {
    long total = 0;
    long branch = 0;
    while (at < pattern.length()) {
      char c = pattern.charAt(at);
      if (c == ')' && inGroup) {
        break;
      }
      if (c == '|') {
        total = add(total, branch);
        branch = 0;
        at++;
        continue;
      }
      long atom = atom();
      branch = add(branch, multiply(atom, repetition()));
    }
    return add(total, branch);
  }

  private long atom() {
    char c = pattern.charAt(at++);
    switch (c) {
      case '\\' -> skipEscape();
      case '[' -> skipClass();
      case '(' -> {
        long inner = alternatives(true);
        at = Math.min(at + 1, pattern.length());
        return add(inner, 1);
      }
      default -> {
        // a literal, '.', an anchor, or a stray quantifier that RE2 will report
      }
    }
    return 1;
  }

  private long repetition() {
    long factor = 1;
    while (at < pattern.length()) {
      char c = pattern.charAt(at);
      if (c == '*' || c == '?') {
        at++;
      } else if (c == '+') {
        factor = multiply(factor, 2);
        at++;
      } else if (c == '{') {
        Matcher count = COUNT.matcher(pattern).region(at, pattern.length());
        if (!count.lookingAt()) {
          break;
        }
        String max = count.group(3);
        long bound = Long.parseLong(max == null || max.isEmpty() ? count.group(1) : max);
        factor = multiply(factor, Math.max(1, bound + (max != null && max.isEmpty() ? 1 : 0)));
        at = count.end();
      } else {
        break;
      }
    }
    return factor;
  }

  private void skipEscape() {
    if (at >= pattern.length()) {
      return;
    }
    char escaped = pattern.charAt(at++);
    if ((escaped == 'p' || escaped == 'P' || escaped == 'x')
        && at < pattern.length()
        && pattern.charAt(at) == '{') {
      int close = pattern.indexOf('}', at);
      at = close < 0 ? pattern.length() : close + 1;
    }
  }

  private void skipClass() {
    if (at < pattern.length() && pattern.charAt(at) == '^') {
      at++;
    }
    if (at < pattern.length() && pattern.charAt(at) == ']') {
      at++;
    }
    while (at < pattern.length() && pattern.charAt(at) != ']') {
      if (pattern.charAt(at) == '\\') {
        at++;
        skipEscape();
      } else if (pattern.startsWith("[:", at)) {
        int close = pattern.indexOf(":]", at + 2);
        at = close < 0 ? at + 1 : close + 2;
      } else {
        at++;
      }
    }
    at = Math.min(at + 1, pattern.length());
  }

  private static long add(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  private static long multiply(long a, long b) {
    return a != 0 && b > Long.MAX_VALUE / a ? Long.MAX_VALUE : a * b;
  }
}
