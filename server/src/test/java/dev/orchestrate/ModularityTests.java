package dev.orchestrate;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** The top-level packages are modules; each uses only the others' public API, without cycles. */
class ModularityTests {

  @Test
  void modulesKeepTheirBoundaries() {
    ApplicationModules.of(OrchestrateApplication.class).verify();
  }
}
