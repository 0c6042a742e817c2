package dev.orchestrate.llm;

/**
 * Token counts for text no provider counted (the simulated provider's): Korean runs about 1.5
 * characters a token, other scripts about 4.
 */
final class TokenEstimate {

  private TokenEstimate() {}

  static long of(String text) {
    long hangul = 0;
    long other = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.UnicodeScript.of(c) == Character.UnicodeScript.HANGUL) {
        hangul++;
      } else if (!Character.isWhitespace(c)) {
        other++;
      }
    }
    return Math.round(Math.ceil(hangul / 1.5 + other / 4.0));
  }
}
