package dev.orchestrate.workspace;

import java.text.Normalizer;
import java.util.Locale;

/** Derives URL-safe slugs from names people type, in any script. */
final class Slugs {

  private Slugs() {}

  static String from(String text, String fallback) {
    String ascii =
        Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKD)
            .replaceAll("\\p{M}", "")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("(^-+|-+$)", "");
    if (ascii.isEmpty()) {
      ascii = fallback;
    }
    return ascii.length() > 48 ? ascii.substring(0, 48).replaceAll("-+$", "") : ascii;
  }
}
