package dev.orchestrate.cli.text;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The two languages the CLI speaks: Korean unless told otherwise. */
public enum Language {
  KO(Locale.KOREAN),
  EN(Locale.ENGLISH);

  private final Locale locale;

  Language(Locale locale) {
    this.locale = locale;
  }

  public Locale locale() {
    return locale;
  }

  /** {@code ko} or {@code en} (any case, region ignored), as {@code --lang} takes it. */
  public static Optional<Language> of(String code) {
    if (code == null) {
      return Optional.empty();
    }
    String lang = code.strip().toLowerCase(Locale.ROOT);
    if (lang.startsWith("ko")) {
      return Optional.of(KO);
    }
    if (lang.startsWith("en")) {
      return Optional.of(EN);
    }
    return Optional.empty();
  }

  /**
   * {@code --lang} when given, else the POSIX locale of messages (the first set of {@code LC_ALL},
   * {@code LC_MESSAGES}, {@code LANG}) when it is English, else Korean: the product's users are
   * Korean first, and {@code C.UTF-8} or an unset locale says nothing about the reader.
   */
  public static Language resolve(String flag, Map<String, String> env) {
    if (flag != null) {
      return of(flag).orElse(KO);
    }
    for (String name : List.of("LC_ALL", "LC_MESSAGES", "LANG")) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return value.toLowerCase(Locale.ROOT).startsWith("en") ? EN : KO;
      }
    }
    return KO;
  }
}
