package dev.orchestrate.cli;

import dev.orchestrate.cli.text.Messages;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * An amount of credits typed on the command line ({@code orchestrate budget <id> 30}, {@code run
 * --budget 12.5}): checked here, before anything is sent, so a typo is a usage error in the user's
 * words rather than a round trip. What the service keeps decides the rules: positive, at most 4
 * decimals. The {@code ₩} and thousands commas the CLI prints are accepted, so an amount copied
 * from its own output works.
 */
final class Amounts {

  /** The decimals the service keeps of any amount of credits. */
  static final int DECIMALS = 4;

  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d{1,3}(,\\d{3})+|\\d+)(\\.\\d+)?|[+-]?\\.\\d+");

  private Amounts() {}

  /** The amount, or a usage error that says what is wrong with it. */
  static BigDecimal parse(String text, Messages messages) {
    String typed = text.strip();
    String number = typed.startsWith("₩") ? typed.substring(1).strip() : typed;
    if (!NUMBER.matcher(number).matches()) {
      throw problem(messages, "error.amount.not_number", text);
    }
    BigDecimal amount = new BigDecimal(number.replace(",", ""));
    if (amount.signum() <= 0) {
      throw problem(messages, "error.amount.not_positive", text);
    }
    if (amount.stripTrailingZeros().scale() > DECIMALS) {
      throw problem(messages, "error.amount.decimals", text);
    }
    // 30.00 is sent as 30, and 30 not as 3E+1.
    BigDecimal plain = amount.stripTrailingZeros();
    return plain.scale() < 0 ? plain.setScale(0) : plain;
  }

  private static CliException problem(Messages messages, String key, String text) {
    return new CliException(
        ExitCodes.USAGE,
        "bad_amount",
        messages.get(key, text),
        messages.get("error.amount.example"));
  }
}
