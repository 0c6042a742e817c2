package dev.orchestrate.cli.text;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** Money, durations and terminal widths, the same in both languages. */
public final class Formats {

  private Formats() {}

  /** Credits are won: {@code ₩150}, {@code ₩1,234.5}, at most the 4 decimals the service keeps. */
  public static String won(BigDecimal amount) {
    if (amount == null) {
      return "₩0";
    }
    DecimalFormat format =
        new DecimalFormat("#,##0.####", DecimalFormatSymbols.getInstance(Locale.ROOT));
    format.setRoundingMode(RoundingMode.HALF_UP);
    String text = format.format(amount);
    return text.startsWith("-") ? "-₩" + text.substring(1) : "₩" + text;
  }

  /** A step's duration as the monitor shows it: {@code 120ms}, {@code 2.3s}, {@code 1m 05s}. */
  public static String duration(long millis) {
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis < 60_000) {
      return tenths(millis) + "s";
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
  }

  /** {@code 12.5} for 12,500 ms: seconds with one decimal, rounded down so a timer never jumps. */
  public static String tenths(long millis) {
    return (millis / 1000) + "." + (millis % 1000 / 100);
  }

  /**
   * Columns a string takes in a terminal: 2 for Hangul, CJK and emoji-presentation symbols (the
   * status icons), 0 for combining marks and variation selectors, 1 otherwise.
   */
  public static int width(String text) {
    int width = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      width += columns(cp);
      i += Character.charCount(cp);
    }
    return width;
  }

  /** {@code text} cut to at most {@code columns} terminal columns, with … when cut. */
  public static String fit(String text, int columns) {
    if (width(text) <= columns) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int used = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int w = columns(cp);
      if (used + w > columns - 1) {
        break;
      }
      out.appendCodePoint(cp);
      used += w;
      i += Character.charCount(cp);
    }
    return out.append('…').toString();
  }

  /** {@code text} followed by spaces up to {@code columns}. */
  public static String pad(String text, int columns) {
    int missing = columns - width(text);
    return missing <= 0 ? text : text + " ".repeat(missing);
  }

  private static int columns(int cp) {
    if (cp == 0x200B || cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F)) {
      return 0;
    }
    int type = Character.getType(cp);
    if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK) {
      return 0;
    }
    return isWide(cp) ? 2 : 1;
  }

  private static boolean isWide(int cp) {
    return (cp >= 0x1100 && cp <= 0x115F)
        || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F)
        || (cp >= 0xAC00 && cp <= 0xD7A3)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0xFE30 && cp <= 0xFE4F)
        || (cp >= 0xFF00 && cp <= 0xFF60)
        || (cp >= 0xFFE0 && cp <= 0xFFE6)
        || (cp >= 0x1F300 && cp <= 0x1FAFF)
        || (cp >= 0x20000 && cp <= 0x3FFFD)
        || WIDE_SYMBOLS.indexOf(cp) >= 0;
  }

  /** Symbols below U+1F300 that terminals draw two columns wide (East Asian Width W). */
  private static final String WIDE_SYMBOLS = "⌚⌛⏩⏪⏫⏬⏰⏳◽◾☔☕♿⚓⚡⚪⚫⚽⚾⛄⛅⛎⛔⛪⛲⛳⛵⛺⛽✅✊✋✨❌❎❓❔❕❗➕➖➗➰➿⬛⬜⭐⭕";
}
