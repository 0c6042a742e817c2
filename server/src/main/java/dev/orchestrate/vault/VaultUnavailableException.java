package dev.orchestrate.vault;

import dev.orchestrate.common.ErrorKind;
import dev.orchestrate.common.OrchestrateException;
import java.util.List;

/** The vault cannot encrypt or decrypt here: this instance was started without a master key. */
public class VaultUnavailableException extends OrchestrateException {

  public VaultUnavailableException(String message) {
    super(ErrorKind.UNAVAILABLE, message, List.of(), null);
  }
}
