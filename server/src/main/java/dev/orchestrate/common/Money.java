package dev.orchestrate.common;

import java.math.BigDecimal;

/** Exact amounts of credits: at most four decimals, shown without trailing zeros. */
public final class Money {

  public static final int SCALE = 4;

  private Money() {}

  /** {@code 10.5000} as {@code 10.5}, {@code 10.0000} as {@code 10} (never {@code 1E+1}). */
  public static BigDecimal normalize(BigDecimal amount) {
    BigDecimal stripped = amount.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }
}
