package dev.orchestrate.common.schema;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import com.networknt.schema.regex.RegularExpressions;

/**
 * {@code pattern} and {@code patternProperties} through RE2, which matches in time linear in the
 * input. The JDK's backtracking engine took 70 s to reject 40 characters against {@code
 * ^(.*a){12}$}, and recurses deep enough on long inputs to overflow the stack. RE2 has no
 * look-around or back-references; a pattern using them is refused when the schema is saved.
 */
final class Re2Patterns implements RegularExpressionFactory {

  static final Re2Patterns INSTANCE = new Re2Patterns();

  /**
   * Most RE2 instructions a pattern may compile to. RE2 expands counted repetitions, so {@code
   * ((a{1000}){1000}){1000}} would need a billion; it is refused before it is compiled.
   */
  static final int MAX_PROGRAM_SIZE = 10_000;

  private Re2Patterns() {}

  @Override
  public RegularExpression getRegularExpression(String regex) {
    long size = PatternSize.estimate(regex);
    if (size > MAX_PROGRAM_SIZE) {
      throw tooLarge(regex);
    }
    Pattern pattern;
    try {
      // Long-form names such as \p{Letter}, which ECMA-262 allows, become RE2's \p{L}.
      pattern = Pattern.compile(RegularExpressions.replaceLongformCharacterProperties(regex));
    } catch (PatternSyntaxException e) {
      throw new BadPattern(
          "pattern '"
              + regex
              + "' cannot be used: "
              + e.getMessage()
              + " (patterns use RE2 syntax, without look-around or back-references)");
    }
    if (pattern.programSize() > MAX_PROGRAM_SIZE) {
      throw tooLarge(regex);
    }
    return value -> pattern.matcher(value).find();
  }

  private static BadPattern tooLarge(String regex) {
    return new BadPattern(
        "pattern '"
            + regex
            + "' is too large: its repetitions expand past "
            + MAX_PROGRAM_SIZE
            + " steps");
  }

  /** A pattern refused; its message is the problem as the schema's author should read it. */
  static final class BadPattern extends RuntimeException {
    BadPattern(String message) {
      super(message, null, false, false);
    }
  }
}
