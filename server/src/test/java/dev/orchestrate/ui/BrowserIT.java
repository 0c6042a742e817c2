package dev.orchestrate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.support.ServiceTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web app in a real browser against the real service: each test runs one Node script of {@code
 * web/e2e/} (playwright-core driving Debian's Chromium). The scripts run just as well by hand
 * against a service started with the README's run command, which is how to debug them.
 */
class BrowserIT extends ServiceTest {

  private static final Path WEB = Path.of("../web").toAbsolutePath().normalize();
  private static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
  private static final Path SCREENSHOTS = Path.of("target/screenshots").toAbsolutePath();

  @BeforeAll
  static void browserIsInstalled() {
    // Not a skip: without the browser these tests cannot say anything, so they fail and say why.
    assertThat(CHROMIUM)
        .as("Chromium (apt-get install -y chromium, as .ci/run does), or CHROMIUM=<path>")
        .isExecutable();
    assertThat(WEB.resolve("node_modules/playwright-core"))
        .as("the web app's packages (npm ci in web/, which the Maven build runs)")
        .isDirectory();
  }

  @Test
  void signInExplainsARefusalAndEnglishSurvivesAReload() throws Exception {
    runScript("auth.mjs");
  }

  @Test
  void signUpSeeTheDemoPipelinesAndRunGrantFactoryToCompletion() throws Exception {
    runScript("grant-factory.mjs");
  }

  @Test
  void autoHealingWaitsAtItsGateOnTheMonitorAndCompletesLiveOnceApproved() throws Exception {
    runScript("auto-healing.mjs");
  }

  @Test
  void theMonitorReconnectsAfterItsSocketIsCutAndMissesNothing() throws Exception {
    runScript("reconnect.mjs");
  }

  @Test
  void theHistoryFiltersReRunsCancelsAndComparesTwoRunsNodeByNode() throws Exception {
    runScript("history-compare.mjs");
  }

  private void runScript(String script) throws IOException, InterruptedException {
    Path log = Files.createTempFile("browser-" + script, ".log");
    var builder =
        new ProcessBuilder("node", "e2e/" + script)
            .directory(WEB.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("ORCHESTRATE_URL", api.baseUrl());
    builder.environment().put("CHROMIUM", CHROMIUM.toString());
    builder.environment().put("SCREENSHOT_DIR", SCREENSHOTS.toString());
    Process node = builder.start();
    boolean finished = node.waitFor(3, TimeUnit.MINUTES);
    if (!finished) {
      node.destroyForcibly().waitFor();
    }
    String output = Files.readString(log);
    // Kept in the test's report (target/surefire-reports) whether it passes or not.
    System.out.println(output);
    assertThat(finished).as("%s did not finish in 3 minutes:%n%s", script, output).isTrue();
    assertThat(node.exitValue()).as("%s failed:%n%s", script, output).isZero();
  }
}
