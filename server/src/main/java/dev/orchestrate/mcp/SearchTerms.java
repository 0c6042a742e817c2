package dev.orchestrate.mcp;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The words of a search query and how well a text matches them, for the simulated search tools.
 * Korean words match as substrings, since particles attach to them ("솔루션을"); Latin words match
 * whole, so "ai" does not match "email".
 */
final class SearchTerms {

  private static final Pattern SEPARATORS = Pattern.compile("[\\s\\p{Punct}·「」『』“”‘’]+");

  private final List<Pattern> terms;

  private SearchTerms(List<Pattern> terms) {
    this.terms = terms;
  }

  static SearchTerms of(String query) {
    return new SearchTerms(
        Arrays.stream(SEPARATORS.split(query.toLowerCase(Locale.ROOT)))
            .filter(word -> word.codePointCount(0, word.length()) > 1 || isLatin(word))
            .filter(word -> !word.isEmpty())
            .distinct()
            .map(SearchTerms::pattern)
            .toList());
  }

  /** How many of the terms {@code text} contains, each counted once. */
  int matches(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    return (int) terms.stream().filter(term -> term.matcher(lower).find()).count();
  }

  boolean isEmpty() {
    return terms.isEmpty();
  }

  private static boolean isLatin(String word) {
    return word.chars().allMatch(c -> c < 128);
  }

  private static Pattern pattern(String word) {
    String quoted = Pattern.quote(word);
    return isLatin(word)
        ? Pattern.compile("(?<![a-z0-9])" + quoted + "(?![a-z0-9])")
        : Pattern.compile(quoted);
  }
}
