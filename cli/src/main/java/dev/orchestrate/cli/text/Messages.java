package dev.orchestrate.cli.text;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The CLI's own strings ({@code messages.properties} is Korean, {@code messages_en.properties}
 * English), formatted with {@link String#format}. Loaded without falling back to the JVM's default
 * locale, so that Korean stays Korean on an English machine and the other way round.
 */
public final class Messages {

  private static final ResourceBundle.Control EXACT =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

  private final Language language;
  private final ResourceBundle bundle;

  private Messages(Language language, ResourceBundle bundle) {
    this.language = language;
    this.bundle = bundle;
  }

  public static Messages of(Language language) {
    return new Messages(language, bundle("dev.orchestrate.cli.messages", language));
  }

  /** The picocli usage-help bundle in the same language. */
  public static ResourceBundle help(Language language) {
    return bundle("dev.orchestrate.cli.help", language);
  }

  private static ResourceBundle bundle(String name, Language language) {
    Locale locale = language == Language.KO ? Locale.ROOT : language.locale();
    return ResourceBundle.getBundle(name, locale, Messages.class.getClassLoader(), EXACT);
  }

  public Language language() {
    return language;
  }

  /** The message {@code key} with {@code %s} placeholders filled; the key itself if missing. */
  public String get(String key, Object... args) {
    String pattern;
    try {
      pattern = bundle.getString(key);
    } catch (MissingResourceException e) {
      return key;
    }
    return args.length == 0 ? pattern : String.format(language.locale(), pattern, args);
  }

  public boolean has(String key) {
    return bundle.containsKey(key);
  }
}
