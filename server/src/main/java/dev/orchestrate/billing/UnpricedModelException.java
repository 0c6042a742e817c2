package dev.orchestrate.billing;

import dev.orchestrate.common.ErrorKind;
import dev.orchestrate.common.FieldProblem;
import dev.orchestrate.common.OrchestrateException;
import java.util.List;

/** A model with no entry in the price table: calling it would be a free call, so it is refused. */
public class UnpricedModelException extends OrchestrateException {

  private final String provider;
  private final String model;

  public UnpricedModelException(String provider, String model) {
    super(
        ErrorKind.INVALID,
        message(model),
        List.of(new FieldProblem("model", message(model))),
        null);
    this.provider = provider;
    this.model = model;
  }

  public String provider() {
    return provider;
  }

  public String model() {
    return model;
  }

  private static String message(String model) {
    return "The model '%s' has no price: add it to orchestrate.billing.models.".formatted(model);
  }
}
