package dev.orchestrate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.support.FakeOidcIssuer;
import dev.orchestrate.support.FakeProviders;
import dev.orchestrate.support.FakeProviders.Reply;
import dev.orchestrate.support.ServiceTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The web app in a real browser against the real service: each test runs one Node script of {@code
 * web/e2e/} (playwright-core driving Debian's Chromium). The scripts run just as well by hand
 * against a service started with the README's run command, which is how to debug them.
 *
 * <p>The demo agents' simulated model streams at 8 ms a token here (1 ms elsewhere in the tests):
 * the scripts watch runs stream, get approved and reconnect while they go on, and since the engine
 * takes about a millisecond a step a demo run at 1 ms a token is over before its page has loaded.
 */
@TestPropertySource(properties = "orchestrate.llm.simulated.token-delay=8ms")
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
  void theMonitorMetersCostTicksItsClockAndDrawsEveryAttemptOnItsTimeline() throws Exception {
    // The script's agent carries this marker. 자료 조사's first call fails at the provider (the
    // client tries each call three times), so that attempt fails and its retry answers; then
    // 보고서 작성 streams for a few seconds, long enough to watch the clock tick and the cost grow.
    String marker = "monitor-retry-" + UUID.randomUUID();
    var usage = FakeProviders.usage(2000, 800);
    String[] report = new String[24];
    for (int i = 0; i < report.length; i++) {
      report[i] = "보고서 문단 " + (i + 1) + ". ";
    }
    providers
        .anthropic()
        .when(marker)
        .reply(
            Reply.status(500),
            Reply.status(500),
            Reply.status(500),
            Reply.text("조사 결과: 지원 대상입니다.", usage),
            Reply.pieces(report).usage(usage).pacing(Duration.ofMillis(300)));
    runScript("monitor-timeline.mjs", api.baseUrl(), Map.of("MONITOR_MARKER", marker));
  }

  @Test
  void aRunOverItsBudgetWaitsOnTheMonitorAndCompletesOnceTheBudgetIsRaised() throws Exception {
    runScript("budget.mjs");
  }

  @Test
  void anApprovalThatStartsWaitingIsANotificationThatOpensTheExecution() throws Exception {
    runScript("notifications.mjs");
  }

  @Test
  void aLongPipelineIsWrappedIntoRowsAndStaysLegibleOnTheMonitor() throws Exception {
    runScript("long-chain.mjs");
  }

  @Test
  void withoutAnOidcIssuerTheSignInPageHasNoGoogleButton() throws Exception {
    runScript("oidc.mjs");
  }

  @Test
  void theHistoryFiltersReRunsCancelsAndComparesTwoRunsNodeByNode() throws Exception {
    runScript("history-compare.mjs");
  }

  @Test
  void aSecretsValueIsNowhereAfterSavingToolsAreCalledFromTheirSchemaAndAViewerCannotWrite()
      throws Exception {
    runScript("settings.mjs");
  }

  @Test
  void anAgentIsEditedRefusedAtItsFieldTriedInThePlaygroundAndCreated() throws Exception {
    // The script writes this marker into the demo agent's system prompt and moves it to an
    // Anthropic model: the loopback provider then streams the playground's reply in paced pieces,
    // so the page can be seen growing before the done event brings tokens and cost; the agent it
    // then creates carries the marker too, and its slower reply is stopped mid-way.
    String marker = "agents-playground-" + UUID.randomUUID();
    String[] reply = new String[12];
    for (int i = 0; i < reply.length; i++) {
      reply[i] = "위험 " + (i + 1) + ": 마감 일정이 촉박합니다. ";
    }
    providers
        .anthropic()
        .when(marker)
        .reply(
            Reply.pieces(reply)
                .usage(FakeProviders.usage(1200, 300))
                .pacing(Duration.ofMillis(250)),
            // The new agent's reply, which the script stops after its first piece.
            Reply.pieces(reply).usage(FakeProviders.usage(50, 10)).pacing(Duration.ofSeconds(2)));
    runScript("agents.mjs", api.baseUrl(), Map.of("AGENTS_MARKER", marker));
  }

  @Test
  void theUsagePagePlotsARunsSpendAndTheAuditPageReportsItsChainIntactOrBroken(
      @Autowired @Qualifier("migrationDataSource") DataSource schemaOwner) throws Exception {
    // A second workspace whose chain is broken: one grant's audit row rewritten by the schema
    // owner (the app role cannot), which the script opens after its own, intact, workspace.
    var tampered = api.signUp();
    for (int i = 1; i <= 3; i++) {
      api.post(tampered.ws() + "/credits/grants", tampered.token(), Map.of("amount", i));
    }
    // Entries are chained moments after their action commits.
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                api.get(tampered.ws() + "/audit-logs/verify", tampered.token())
                        .body()
                        .get("pending")
                        .asLong()
                    == 0);
    long seq =
        api.get(tampered.ws() + "/audit-logs", tampered.token()).body().get(1).get("seq").asLong();
    int changed =
        JdbcClient.create(schemaOwner)
            .sql(
                "UPDATE audit_logs SET details = '{\"amount\": 1000000}'"
                    + " WHERE workspace_id = ? AND seq = ?")
            .params(tampered.workspaceId(), seq)
            .update();
    assertThat(changed).isEqualTo(1);
    runScript(
        "usage-audit.mjs",
        api.baseUrl(),
        Map.of("AUDIT_TAMPERED_EMAIL", tampered.email(), "AUDIT_TAMPERED_SEQ", Long.toString(seq)));
  }

  @Test
  void theVersionHistoryComparesRestoresRunsAnOlderVersionAndTriesANode() throws Exception {
    runScript("versions.mjs");
  }

  @Test
  void aPipelineBuiltOnTheCanvasWithTheMouseIsCheckedSavedAndRunToCompletion() throws Exception {
    runScript("canvas.mjs");
  }

  @Test
  void aViewerFindsNoEnabledWriteControlOnAnyPage() throws Exception {
    runScript("viewer.mjs");
  }

  /** The service configured for a loopback OpenID issuer: a context of its own. */
  @Nested
  class WithAnOidcIssuer {

    static final FakeOidcIssuer issuer = new FakeOidcIssuer();

    @LocalServerPort int oidcPort;

    @DynamicPropertySource
    static void oidc(DynamicPropertyRegistry registry) {
      registry.add("orchestrate.oidc.issuer-uri", issuer::issuer);
      registry.add("orchestrate.oidc.client-id", () -> FakeOidcIssuer.CLIENT_ID);
      registry.add("orchestrate.oidc.client-secret", () -> FakeOidcIssuer.CLIENT_SECRET);
    }

    @Test
    void googleSignInGoesThroughTheIssuerIntoThePipelines() throws Exception {
      runScript("oidc.mjs", "http://localhost:" + oidcPort, Map.of("OIDC_ISSUER", issuer.issuer()));
    }
  }

  private void runScript(String script) throws IOException, InterruptedException {
    runScript(script, api.baseUrl(), Map.of());
  }

  private static void runScript(String script, String baseUrl, Map<String, String> env)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("browser-" + script, ".log");
    var builder =
        new ProcessBuilder("node", "e2e/" + script)
            .directory(WEB.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("ORCHESTRATE_URL", baseUrl);
    builder.environment().putAll(env);
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
