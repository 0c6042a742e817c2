package dev.orchestrate.llm;

/** Keeps keys out of messages people see: providers sometimes echo the key they rejected. */
final class Secrets {

  private static final String REDACTED = "[redacted]";

  private Secrets() {}

  /** {@code text} with every occurrence of {@code key} (and of its longer prefixes) removed. */
  static String redact(String text, String key) {
    if (text == null || key == null || key.length() < 4) {
      return text;
    }
    String safe = text.replace(key, REDACTED);
    // Some providers echo a truncated key ("sk-abc…xyz"); drop any 12+ char prefix too.
    for (int length = key.length() - 1; length >= 12; length--) {
      safe = safe.replace(key.substring(0, length), REDACTED);
    }
    return safe;
  }
}
