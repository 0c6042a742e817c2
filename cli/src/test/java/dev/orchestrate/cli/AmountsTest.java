package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.cli.text.Language;
import dev.orchestrate.cli.text.Messages;
import org.junit.jupiter.api.Test;

/** Amounts of credits typed on the command line: what is taken, and what is said otherwise. */
class AmountsTest {

  private final Messages korean = Messages.of(Language.KO);

  @Test
  void takesPlainNumbersAndTheWonAmountsTheCliPrints() {
    assertThat(Amounts.parse("30", korean).toPlainString()).isEqualTo("30");
    assertThat(Amounts.parse("30.00", korean).toString()).isEqualTo("30");
    assertThat(Amounts.parse("12.5", korean).toPlainString()).isEqualTo("12.5");
    assertThat(Amounts.parse("0.0001", korean).toPlainString()).isEqualTo("0.0001");
    assertThat(Amounts.parse("₩16.436", korean).toPlainString()).isEqualTo("16.436");
    assertThat(Amounts.parse("₩1,234.5", korean).toPlainString()).isEqualTo("1234.5");
  }

  @Test
  void anythingElseIsAUsageErrorThatSaysWhatIsWrong() {
    assertRefused("abc", "'abc' 는 금액이 아닙니다.");
    assertRefused("1e3", "'1e3' 는 금액이 아닙니다.");
    assertRefused("1,23", "'1,23' 는 금액이 아닙니다.");
    assertRefused("", "'' 는 금액이 아닙니다.");
    assertRefused("0", "금액은 0보다 커야 합니다: 0");
    assertRefused("-5", "금액은 0보다 커야 합니다: -5");
    assertRefused("12.34567", "금액은 소수점 아래 4자리까지입니다: 12.34567");
    assertThatThrownBy(() -> Amounts.parse("12.34567", Messages.of(Language.EN)))
        .hasMessage(
            "an amount has at most 4 decimals: 12.34567\n"
                + "An amount is a number of credits (e.g. 20, 12.5, ₩1,000).");
  }

  private void assertRefused(String typed, String said) {
    assertThatThrownBy(() -> Amounts.parse(typed, korean))
        .isInstanceOfSatisfying(
            CliException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE);
              assertThat(e.code()).isEqualTo("bad_amount");
              assertThat(e.lines()).containsExactly(said, "금액은 크레딧 수입니다 (예: 20, 12.5, ₩1,000).");
            });
  }
}
