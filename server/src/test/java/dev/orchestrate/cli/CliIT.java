package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.support.Api;
import dev.orchestrate.support.FakeProviders;
import dev.orchestrate.support.FakeProviders.Reply;
import dev.orchestrate.support.ServiceTest;
import dev.orchestrate.support.Tokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The {@code orchestrate} CLI run as a separate process against the running service, the way a user
 * or a script runs it: sign-up, runs to their end, a gate approved from a second process, JSON for
 * scripts, exit codes, and the errors a user meets first.
 */
class CliIT extends ServiceTest {

  private static final List<String> GRANT_FACTORY_NODES =
      List.of("입력 검증", "공고 수집", "적합성 분석", "서류 생성", "서류 검토", "최종 결과 저장");
  private static final Pattern EXECUTION_ID =
      Pattern.compile("([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

  @TempDir Path home;
  private CliProcess cli;

  @BeforeEach
  void newUserAtATerminal() {
    cli = new CliProcess(home, Map.of("ORCHESTRATE_URL", "http://localhost:" + port));
  }

  @Test
  void signsUpKeepsTheTokenPrivateAndRunsGrantFactoryToItsEndListingEveryNodeAndTheCost()
      throws IOException {
    signUp();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cli.configFile())))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(cli.configFile().getParent())))
        .isEqualTo("rwx------");

    var run = cli.run("run", "grant_factory", "query=정부조달 공고 검색: AI 솔루션");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    for (String node : GRANT_FACTORY_NODES) {
      assertThat(run.stdout())
          .as(run.toString())
          .containsPattern("✅ " + Pattern.quote(node) + " \\(\\d");
    }
    assertThat(run.stdout()).containsPattern("총 비용: ₩[\\d,.]+ \\| 소요시간: [\\d.]+초");
    assertThat(run.stdout()).contains("✅ 완료되었습니다.");
    assertThat(run.stdout()).doesNotContain("\033[");
  }

  @Test
  void aRunWaitingAtItsGateFinishesWhenASecondProcessApproves() {
    signUp();
    var waiting = cli.start("run", "auto_healing", "alert=OpenAI API 키 만료 알림", "severity=high");
    await()
        .atMost(CliProcess.PATIENCE)
        .failFast("the run ended", () -> !waiting.process().isAlive())
        .until(() -> waiting.stdout().contains("orchestrate approve"));
    String shown = waiting.stdout();
    assertThat(shown).contains("'승인 대기' 단계가 승인을 기다립니다. 승인할 수 있는 역할: owner 또는 admin");
    assertThat(shown).contains("당신의 역할(owner)로 승인할 수 있습니다.");
    String id = executionId(shown);

    var approve = cli.run("approve", id, "await_approval", "--comment", "진행하세요");
    assertThat(approve.exitCode()).as(approve.toString()).isZero();
    assertThat(approve.stdout()).contains("'승인 대기' 단계를 승인했습니다");

    var finished = waiting.await();
    assertThat(finished.exitCode()).as(finished.toString()).isZero();
    assertThat(finished.stdout()).contains("👍 '승인 대기' 승인됨 (의견: 진행하세요)");
    assertThat(finished.stdout()).contains("✅ 결과 알림");
    assertThat(finished.stdout()).contains("✅ 완료되었습니다.");
  }

  @Test
  void withNoWaitItStopsAtTheGateAndARejectedRunEndsWithItsOwnExitCode() {
    signUp();
    var stopped = cli.run("run", "auto_healing", "alert=디스크 부족", "--no-wait");
    assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(5);
    String id = executionId(stopped.stdout());
    assertThat(stopped.stdout()).contains("orchestrate approve " + id + " await_approval");
    assertThat(stopped.stdout()).contains("orchestrate reject " + id + " await_approval");

    var reject = cli.run("reject", id, "--comment", "계획을 다시 세우세요");
    assertThat(reject.exitCode()).as(reject.toString()).isZero();

    var watched = cli.run("watch", id);
    assertThat(watched.exitCode()).as(watched.toString()).isEqualTo(3);
    assertThat(watched.stdout()).contains("⛔ '승인 대기' 반려됨 (의견: 계획을 다시 세우세요)");
    assertThat(watched.stdout()).contains("⛔ 반려되었습니다.");
  }

  @Test
  void jsonRunsWriteEveryEventOnALineOfItsOwnAndListsOneDocument() {
    signUp();
    var run = cli.run("run", "grant_factory", "--input", "{\"query\":\"AI 솔루션\"}", "--json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<JsonNode> events = run.stdout().lines().map(line -> Api.json().readTree(line)).toList();
    assertThat(events)
        .extracting(e -> e.get("seq").asLong())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
    assertThat(events.get(0).get("type").asString()).isEqualTo("execution_start");
    JsonNode last = events.get(events.size() - 1);
    assertThat(last.get("type").asString()).isEqualTo("execution_complete");
    assertThat(last.get("status").asString()).isEqualTo("completed");

    var pipelines = cli.run("pipelines", "--json");
    assertThat(pipelines.exitCode()).as(pipelines.toString()).isZero();
    assertThat(Api.json().readTree(pipelines.stdout()).findValuesAsString("slug"))
        .contains("grant_factory", "auto_healing");
  }

  @Test
  void aRunThatFailsExitsWithTheFailedCodeAndSaysWhy() {
    signUp();
    var run = cli.run("run", "grant_factory", "query=A");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.stdout()).contains("❌ 입력 검증: validation_failed");
    assertThat(run.stdout()).contains("must be at least 2 characters");
    assertThat(run.stdout()).contains("실행되지 않은 단계: 공고 수집, 적합성 분석");
    assertThat(run.stdout()).contains("orchestrate retry ");
  }

  @Test
  void inputTheServerRefusesIsListedAsItSaidAndInputThatIsNotJsonIsAUsageError() {
    signUp();
    var refused = cli.run("run", "grant_factory", "--input", "\"just text\"");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(9);
    assertThat(refused.stderr())
        .contains("요청이 올바르지 않습니다:")
        .contains("- input: must be a JSON object");

    var malformed = cli.run("run", "grant_factory", "--input", "{\"query\": ");
    assertThat(malformed.exitCode()).as(malformed.toString()).isEqualTo(2);
    assertThat(malformed.stderr()).contains("--input 가 올바른 JSON이 아닙니다");
  }

  @Test
  void anExpiredTokenSaysToLogInAgainInTheUsersLanguage() throws Exception {
    var user = api.signUp();
    String expired = Tokens.expiredHs256(user.email());
    Files.createDirectories(cli.configFile().getParent());
    String server = "http://localhost:" + port;
    Files.writeString(
        cli.configFile(),
        Api.json()
            .writeValueAsString(
                Map.of(
                    "server",
                    server,
                    "logins",
                    Map.of(server, Map.of("email", user.email(), "token", expired)))));

    var korean = cli.run("pipelines");
    assertThat(korean.exitCode()).as(korean.toString()).isEqualTo(6);
    assertThat(korean.stderr()).contains("로그인이 만료되었습니다").contains("다시 로그인하세요: orchestrate login");

    var english = cli.run("pipelines", "--lang", "en");
    assertThat(english.exitCode()).isEqualTo(6);
    assertThat(english.stderr())
        .contains("your login expired")
        .contains("Log in again: orchestrate login");
  }

  @Test
  void aWrongSlugListsTheNearNames() {
    signUp();
    var run = cli.run("run", "grant_facotry", "query=AI 솔루션");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(8);
    assertThat(run.stderr())
        .contains("파이프라인 'grant_facotry' 가 없습니다")
        .contains("혹시 이것인가요? grant_factory");
  }

  @Test
  void aServerThatIsNotThereIsNamedWithHowToPointAtAnother() throws IOException {
    int closed;
    try (var socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    var run = cli.run("pipelines", "--server", "http://localhost:" + closed);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(7);
    assertThat(run.stderr()).contains("http://localhost:" + closed).contains("ORCHESTRATE_URL");
  }

  @Test
  void inAPseudoTerminalTheLiveViewDrawsInPlaceAndEndsCleanly() {
    signUp();
    var run = cli.startInTerminal("run", "grant_factory", "query=AI 솔루션").await();

    assertThat(run.exitCode()).as(run.toString()).isZero();
    String screen = run.stdout();
    assertThat(screen).contains("\033[?25l"); // the cursor hides while the block is redrawn
    assertThat(screen).containsPattern("\r?\033\\[\\d+A\033\\[J"); // ... in place
    assertThat(screen).contains("⬜ 서류 생성").contains("⏳ 적합성 분석 중...");
    assertThat(screen).contains("✅ 최종 결과 저장");
    assertThat(screen).contains("✅ 완료되었습니다.");
    assertThat(screen).contains("\033[?25h"); // and comes back at the end
    String lastLine = screen.strip().lines().reduce((a, b) -> b).orElse("");
    assertThat(lastLine).startsWith("결과 보기: orchestrate show ");
  }

  @Test
  void theLauncherSaysHowToBuildTheCliWhenItIsNotBuilt() throws IOException, InterruptedException {
    Path launcher = Path.of("..", "bin", "orchestrate").toAbsolutePath().normalize();
    var process =
        new ProcessBuilder(launcher.toString(), "--help")
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    process.environment().put("ORCHESTRATE_CLI_JAR", home.resolve("missing.jar").toString());
    Process started = process.start();
    assertThat(started.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    String said =
        new String(
            started.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(started.exitValue()).as(said).isEqualTo(2);
    assertThat(said).contains("not built yet").contains("-DskipTests package -pl cli");
  }

  @Test
  void aRunOverItsBudgetWaitsSaysWhatIsShortAndGoesOnWhenASecondProcessRaisesIt() {
    Api.Session user = logInWithThreePaidSteps();
    var waiting = cli.start("run", "three_calls", "--budget", "14");
    await()
        .atMost(CliProcess.PATIENCE)
        .failFast("the run ended", () -> !waiting.process().isAlive())
        .until(() -> waiting.stdout().contains("orchestrate reject"));
    String asked = waiting.stdout();
    String id = executionId(asked);
    assertThat(asked)
        .containsPattern("💰 예산 부족: ₩10\\.836 / ₩14 사용, '셋' 단계에 ₩[\\d.]+ 필요")
        .contains("   예산을 올릴 수 있는 역할: owner 또는 admin")
        .contains("   당신의 역할(owner)로 올릴 수 있습니다.")
        .containsPattern("예산 올리기: orchestrate budget " + id + " <금액>   \\(이 단계에는 ₩[\\d.]+ 이상\\)")
        .contains("   중단: orchestrate reject " + id + " c")
        .contains("예산이 오르기를 기다립니다.")
        .doesNotContain("orchestrate approve");

    var shown = cli.run("show", id);
    assertThat(shown.exitCode()).as(shown.toString()).isZero();
    assertThat(shown.stdout())
        .contains("실행 " + id + " · 💰 예산 대기")
        .contains("💰 셋: 예산을 기다리는 중")
        .containsPattern("💰 예산 부족: ₩10\\.836 / ₩14 사용, '셋' 단계에 ₩[\\d.]+ 필요")
        .contains("예산 올리기: orchestrate budget " + id + " <금액>")
        .contains("중단: orchestrate reject " + id + " c")
        .contains("예산: ₩14 중 ₩10.836 사용")
        .doesNotContain("orchestrate approve");

    var approve = cli.run("approve", id);
    assertThat(approve.exitCode()).as(approve.toString()).isEqualTo(9);
    assertThat(approve.stderr())
        .contains("오류: '셋' 단계는 승인이 아니라 더 큰 예산을 기다립니다")
        .contains("예산 올리기: orchestrate budget " + id);

    var tooLittle = cli.run("budget", id, "10");
    assertThat(tooLittle.exitCode()).as(tooLittle.toString()).isEqualTo(9);
    assertThat(tooLittle.stderr())
        .contains("요청이 올바르지 않습니다:")
        .contains("- budget: must be larger than what the run has spent (10.836)")
        .contains("이 실행이 지금까지 쓴 금액은 ₩10.836 입니다. 그보다 큰 금액을 주세요");

    var raised = cli.run("budget", id, "30");
    assertThat(raised.exitCode()).as(raised.toString()).isZero();
    assertThat(raised.stdout())
        .contains("💰 예산을 올렸습니다: ₩14 → ₩30 (지금까지 ₩10.836 사용, 실행 " + id + ")")
        .contains("이어서 보기: orchestrate watch " + id);

    var finished = waiting.await();
    assertThat(finished.exitCode()).as(finished.toString()).isZero();
    assertThat(finished.stdout())
        .contains("💰 예산 올림: ₩30 ('셋' 단계부터 이어서 실행)")
        .containsPattern("✅ 셋 \\(\\d+(ms|\\.\\ds), ₩5\\.418\\)")
        .contains("✅ 완료되었습니다.");
    assertThat(
            api.get("/orchestrate/executions/" + id, user.token())
                .body()
                .get("spent")
                .decimalValue())
        .isEqualByComparingTo("16.254");

    var over = cli.run("budget", id, "40", "--lang", "en");
    assertThat(over.exitCode()).as(over.toString()).isEqualTo(9);
    assertThat(over.stderr())
        .contains("error: not possible now:")
        .contains("This execution is not waiting for a budget (status: ✅ completed).");
  }

  @Test
  void withNoWaitARunStopsForItsBudgetLikeAtAGateAndOnlyOwnersAndAdminsRaiseIt()
      throws IOException {
    Api.Session user = logInWithThreePaidSteps();
    var stopped = cli.run("run", "three_calls", "--budget", "14", "--no-wait");
    assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(5);
    String id = executionId(stopped.stdout());
    assertThat(stopped.stdout())
        .contains("💰 예산 부족: ₩10.836 / ₩14 사용")
        .contains("orchestrate budget " + id + " <금액>")
        .contains("--no-wait: 결정을 기다리지 않고 여기서 멈춥니다.")
        .contains("💰 예산을 기다리고 있습니다.");

    // Raised, but not enough for the step: it asks again, and a view replaying the story shows
    // only what it waits for now.
    var tooSmall = cli.run("budget", id, "15");
    assertThat(tooSmall.exitCode()).as(tooSmall.toString()).isZero();
    await()
        .atMost(CliProcess.PATIENCE)
        .until(
            () -> api.get("/orchestrate/executions/" + id, user.token()).body(),
            view ->
                view.path("pending_approvals").path(0).path("budget").isNumber()
                    && view.get("pending_approvals").get(0).get("budget").intValue() == 15);
    var watched = cli.run("watch", id, "--no-wait");
    assertThat(watched.exitCode()).as(watched.toString()).isEqualTo(5);
    assertThat(watched.stdout())
        .contains("💰 예산 올림: ₩15 ('셋' 단계부터 이어서 실행)")
        .contains("₩10.836 / ₩15 사용")
        .doesNotContain("/ ₩14 사용");

    var member = api.signUp();
    var added =
        api.post(
            user.ws() + "/members",
            user.token(),
            Map.of("email", member.email(), "role", "member"));
    assertThat(added.status()).as(added.raw()).isEqualTo(201);
    var asMember =
        new CliProcess(
            Files.createDirectories(home.resolve("member")),
            Map.of(
                "ORCHESTRATE_URL", "http://localhost:" + port,
                "ORCHESTRATE_TOKEN", member.token(),
                "ORCHESTRATE_WORKSPACE", user.workspaceId().toString()));
    var shownToMember = asMember.run("show", id);
    assertThat(shownToMember.stdout()).contains("당신의 역할(member)로는 올릴 수 없습니다. 올릴 수 있는 사람에게 알려주세요.");
    var forbidden = asMember.run("budget", id, "100");
    assertThat(forbidden.exitCode()).as(forbidden.toString()).isEqualTo(9);
    assertThat(forbidden.stderr())
        .contains("권한이 없습니다:")
        .contains("예산은 owner 또는 admin 만 올릴 수 있습니다 (당신의 역할: member).");

    var reject = cli.run("reject", id);
    assertThat(reject.exitCode()).as(reject.toString()).isZero();
    assertThat(reject.stdout()).contains("⛔ 예산을 올리지 않고 '셋' 단계에서 실행을 멈췄습니다");
    var ended = cli.run("watch", id);
    assertThat(ended.exitCode()).as(ended.toString()).isEqualTo(1);
    assertThat(ended.stdout())
        .contains("⛔ '셋' 단계의 예산을 올리지 않아 실행을 멈춥니다")
        .contains("❌ 실패했습니다: budget_exceeded");
  }

  /**
   * A user logged in through the CLI whose workspace has {@code three_calls}: three agent calls in
   * a line, each answered by the fake Anthropic for 5.418 credits, so a budget of 14 covers two and
   * pauses before the third ({@code c}, "셋").
   */
  private Api.Session logInWithThreePaidSteps() {
    Api.Session user = api.signUp();
    var login =
        cli.runWithInput(
            "correct horse battery", "login", "--email", user.email(), "--password-stdin");
    assertThat(login.exitCode()).as(login.toString()).isZero();
    String marker = "marker-" + UUID.randomUUID();
    providers.anthropic().when(marker).otherwise(Reply.text("ok", FakeProviders.usage(10, 256)));
    var agent =
        api.post(
            user.ws() + "/agents",
            user.token(),
            Map.of(
                "slug", "writer",
                "name", "Writer",
                "model_provider", "anthropic",
                "model", "claude-sonnet-4-20250514",
                "system_prompt", "You write. " + marker,
                "parameters", Map.of("max_tokens", 256)));
    assertThat(agent.status()).as(agent.raw()).isEqualTo(201);
    String node =
        "{\"id\": \"%s\", \"type\": \"agent_call\", \"label\": \"%s\", \"agent_slug\": \"writer\"}";
    var pipeline =
        api.post(
            user.ws() + "/pipelines",
            user.token(),
            Map.of(
                "slug",
                "three_calls",
                "name",
                "Three calls",
                "graph_definition",
                Api.json()
                    .readTree(
                        "{\"entry_point\": \"a\", \"nodes\": ["
                            + String.join(
                                ", ",
                                node.formatted("a", "하나"),
                                node.formatted("b", "둘"),
                                node.formatted("c", "셋"))
                            + "], \"edges\": [{\"from\": \"a\", \"to\": \"b\"},"
                            + " {\"from\": \"b\", \"to\": \"c\"}]}")));
    assertThat(pipeline.status()).as(pipeline.raw()).isEqualTo(201);
    return user;
  }

  private void signUp() {
    var signup =
        cli.runWithInput(
            "correct horse battery",
            "signup",
            "--email",
            "cli-" + UUID.randomUUID() + "@example.com",
            "--name",
            "CLI",
            "--password-stdin");
    assertThat(signup.exitCode()).as(signup.toString()).isZero();
    assertThat(signup.stdout()).contains("가입하고 로그인했습니다");
  }

  private static String executionId(String output) {
    Matcher matcher = EXECUTION_ID.matcher(output);
    assertThat(matcher.find()).as(output).isTrue();
    return matcher.group(1);
  }
}
