package dev.orchestrate.billing;

import dev.orchestrate.common.ErrorKind;
import dev.orchestrate.common.OrchestrateException;
import java.math.BigDecimal;

/** The workspace's available credits (balance less open reservations) do not cover an amount. */
public class InsufficientCreditsException extends OrchestrateException {

  private final BigDecimal available;
  private final BigDecimal required;

  public InsufficientCreditsException(BigDecimal available, BigDecimal required) {
    super(
        ErrorKind.INSUFFICIENT_CREDITS,
        "Not enough credits: %s available, %s required."
            .formatted(available.toPlainString(), required.toPlainString()));
    this.available = available;
    this.required = required;
  }

  /** For kinds that say in their own words what is missing (a spending limit). */
  protected InsufficientCreditsException(
      BigDecimal available, BigDecimal required, String message) {
    super(ErrorKind.INSUFFICIENT_CREDITS, message);
    this.available = available;
    this.required = required;
  }

  public BigDecimal available() {
    return available;
  }

  public BigDecimal required() {
    return required;
  }
}
