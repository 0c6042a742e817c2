package dev.orchestrate.cli.text;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Which known names a mistyped one was probably meant to be. */
public final class NearNames {

  private NearNames() {}

  /**
   * The names within a few edits of {@code wanted} (about a third of its length, at least 2), or
   * that contain it or are contained in it, closest first, at most {@code limit}.
   */
  public static List<String> of(String wanted, List<String> names, int limit) {
    String target = wanted.toLowerCase(Locale.ROOT);
    int allowed = Math.max(2, target.length() / 3);
    record Scored(String name, int distance) {}
    return names.stream()
        .map(name -> new Scored(name, distance(target, name.toLowerCase(Locale.ROOT))))
        .filter(
            s ->
                s.distance() <= allowed
                    || (target.length() >= 3
                        && (s.name().toLowerCase(Locale.ROOT).contains(target)
                            || target.contains(s.name().toLowerCase(Locale.ROOT)))))
        .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
        .limit(limit)
        .map(Scored::name)
        .toList();
  }

  /** Levenshtein distance: insertions, deletions and substitutions each count one. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
