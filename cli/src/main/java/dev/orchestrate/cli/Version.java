package dev.orchestrate.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the jar's version from its manifest. */
final class Version implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = Version.class.getPackage().getImplementationVersion();
    return new String[] {
      "orchestrate " + (version == null ? "(development build)" : version),
      "java " + System.getProperty("java.version")
    };
  }
}
