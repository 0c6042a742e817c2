package dev.orchestrate;

import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** The top-level packages are modules; each uses only the others' public API, without cycles. */
class ModularityTests {

  /**
   * ArchUnit's own test filter knows {@code target/test-classes} only; a build in another directory
   * ({@code -Dorchestrate.build.dir=target-b}) would count the tests' fixtures as modules.
   */
  private static final ImportOption PRODUCTION_CODE =
      location -> !location.contains("/test-classes/");

  @Test
  void modulesKeepTheirBoundaries() {
    ApplicationModules.of(OrchestrateApplication.class, PRODUCTION_CODE).verify();
  }
}
