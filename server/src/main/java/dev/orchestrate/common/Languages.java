package dev.orchestrate.common;

import java.util.Locale;

/** The language a request asks for, among the ones the service speaks (Korean and English). */
public final class Languages {

  private Languages() {}

  /**
   * Korean when the first language of an {@code Accept-Language} header is Korean, else English.
   * The servlet's own {@code getLocale()} falls back to the JVM's locale when the header is
   * missing, which would make the answer depend on the machine.
   */
  public static Locale fromAcceptLanguage(String header) {
    if (header == null || header.isBlank()) {
      return Locale.ENGLISH;
    }
    try {
      // parse() orders the ranges by weight, highest first.
      for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
        if (range.getWeight() > 0 && !range.getRange().startsWith("*")) {
          String tag = range.getRange();
          return tag.equals("ko") || tag.startsWith("ko-") ? Locale.KOREAN : Locale.ENGLISH;
        }
      }
    } catch (IllegalArgumentException malformed) {
      // A header the browser got wrong is no reason to refuse a sign-up.
    }
    return Locale.ENGLISH;
  }
}
