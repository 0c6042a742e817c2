package dev.orchestrate.engine;

import static dev.orchestrate.support.FakeProviders.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.support.Api;
import dev.orchestrate.support.ExternalPostgres;
import dev.orchestrate.support.FakeProviders;
import dev.orchestrate.support.FakeProviders.Marked;
import dev.orchestrate.support.FakeProviders.Reply;
import dev.orchestrate.support.ServiceProcess;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that waits for a larger budget survives the death of its instance (SIGKILL, on a shared
 * PostgreSQL): killed while one branch waits for the budget and another is in the middle of its
 * call holding a share of it, and killed again once the run is parked, it loses nothing. The share
 * of the dead call goes back, the wait is still there, and raising the budget finishes the run with
 * every completed call charged once.
 */
class BudgetCrashIT {

  private static final Duration LEASE = Duration.ofSeconds(3);

  /** The branch 'big' calls three agents (about 17 credits at most), 'slow' one (about 5.7). */
  private static final BigDecimal BUDGET = new BigDecimal("10");

  private static final String GRAPH =
      """
      {'entry_point': 'start', 'nodes': [
         {'id': 'start', 'type': 'trigger', 'label': 'Start'},
         {'id': 'big', 'type': 'agent_call', 'label': 'Big', 'agent_slugs': ['w1', 'w2', 'w3'],
          'prompt': 'Big'},
         {'id': 'slow', 'type': 'agent_call', 'label': 'Slow', 'agent_slug': 'slow', 'prompt': 'Slow',
          'retry': {'max_attempts': 1, 'backoff_ms': 0}},
         {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
       'edges': [{'from': 'start', 'to': 'big'}, {'from': 'start', 'to': 'slow'},
                 {'from': 'big', 'to': 'done'}, {'from': 'slow', 'to': 'done'}]}
      """;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  private ExternalPostgres postgres;
  private FakeProviders providers;
  private OwnerRecords records;
  private final List<ServiceProcess> instances = new ArrayList<>();

  @BeforeEach
  void startTheDatabaseAndProviders() {
    postgres = ExternalPostgres.start();
    providers = FakeProviders.start();
  }

  @AfterEach
  void stopEverything() throws Exception {
    instances.forEach(ServiceProcess::close);
    if (records != null) {
      records.close();
    }
    providers.close();
    postgres.close();
  }

  @Test
  void aRunWaitingForItsBudgetLosesNothingWhenItsInstanceIsKilledAndFinishesWhenRaised() {
    String url = postgres.createDatabase("budget");
    records = new OwnerRecords(url, ExternalPostgres.OWNER, ExternalPostgres.OWNER_PASSWORD);
    var first = launch(url).awaitHealthy();
    var user = first.api().signUp();
    var owner = new Executions(first.api(), user, null, null);
    String bigMarker = "big-" + UUID.randomUUID();
    String slowMarker = "slow-" + UUID.randomUUID();
    Marked big = providers.anthropic().when(bigMarker);
    Marked slow = providers.anthropic().when(slowMarker);
    big.otherwise(Reply.text("ok", usage(10, 256)));
    // The first call streams for seconds, long enough to die in; the one after the restart does
    // not.
    slow.reply(
            Reply.text("The quick brown fox jumps over.", usage(10, 256))
                .pacing(Duration.ofMillis(300)))
        .otherwise(Reply.text("ok", usage(10, 256)));
    for (String slug : List.of("w1", "w2", "w3")) {
      owner.agent(slug, bigMarker);
    }
    owner.agent("slow", slowMarker);
    UUID id = UUID.fromString(start(first.api(), user, owner.pipeline(GRAPH)));

    await("big waits for its budget while slow's call streams")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> stepStatuses(user, id),
            s -> "awaiting_approval".equals(s.get("big")) && "running".equals(s.get("slow")));
    await().atMost(Duration.ofSeconds(30)).until(() -> slow.requests().size() == 1);
    assertThat(records.budgetReserved(id).getFirst()).as("slow's share").isPositive();
    kill(first);

    var second = launch(url).awaitHealthy();
    await("the run parked again, slow done")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> records.executions(user.workspaceId()).getFirst().status(),
            "awaiting_approval"::equals);
    assertThat(stepStatuses(user, id)).containsEntry("slow", "completed");
    assertThat(records.budgetReserved(id))
        .as("the dead call's share went back")
        .allSatisfy(r -> assertThat(r).isEqualByComparingTo(BigDecimal.ZERO));
    kill(second);

    var third = launch(url).awaitHealthy();
    var raised =
        third
            .api()
            .post(
                "/orchestrate/executions/" + id + "/budget",
                user.token(),
                Map.of("budget", new BigDecimal("100")));
    assertThat(raised.status()).as(raised.raw()).isEqualTo(200);
    var done =
        new Executions(third.api(), user, null, null).awaitStatus(id.toString(), "completed");

    assertThat(big.requests()).as("big ran once, after the raise").hasSize(3);
    assertThat(slow.requests()).as("slow's killed call, then its rerun").hasSize(2);
    var usageRows =
        records.ledger(user.workspaceId()).stream()
            .filter(e -> e.type().equals("usage") && id.toString().equals(e.referenceId()))
            .toList();
    assertThat(usageRows).as("one charge per completed call").hasSize(4);
    BigDecimal charged =
        usageRows.stream().map(e -> e.amount().negate()).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(done.get("total_cost").decimalValue()).isEqualByComparingTo(charged);
    assertThat(done.get("spent").decimalValue()).isEqualByComparingTo(charged);
    assertThat(records.budgetReserved(id))
        .allSatisfy(r -> assertThat(r).isEqualByComparingTo(BigDecimal.ZERO));
    assertThat(records.account(user.workspaceId()).get(1))
        .as("no workspace reservation left open")
        .isEqualByComparingTo(BigDecimal.ZERO);
  }

  /**
   * A step whose runners all died is failed as interrupted rather than run again; the share of the
   * budget its last dead attempt set aside goes back then, though no runner alive holds it (it
   * stayed on the failed run, found by drill 1).
   */
  @Test
  void aStepFailedAsInterruptedGivesBackTheShareItsDeadAttemptSetAside() {
    var killed = startAndKillMidCall("interrupted");
    assertThat(killed.shareBeforeKill()).as("slow's share").isPositive();
    // As if every attempt the retry policy and the interruption allowance permit had died too.
    records.setAttempt(killed.id(), "slow", 1 + NodeRunner.MAX_INTERRUPTIONS);

    var second = launch(killed.url()).awaitHealthy();
    var failed =
        new Executions(second.api(), killed.user(), null, null)
            .awaitStatus(killed.id().toString(), "failed");

    assertThat(failed.toString()).contains("interrupted");
    assertThat(killed.slow().requests()).as("not called again").hasSize(1);
    assertThat(records.budgetReserved(killed.id()))
        .as("the dead attempt's share went back")
        .allSatisfy(r -> assertThat(r).isEqualByComparingTo(BigDecimal.ZERO));
    assertThat(records.account(killed.user().workspaceId()).get(1))
        .as("no workspace reservation left open")
        .isEqualByComparingTo(BigDecimal.ZERO);
  }

  /**
   * After a restart every recovering runner of a workspace waits in line for its credit account to
   * give back its dead attempts' reservations, holding its execution row locked, which the
   * heartbeat skips. A wait past the lease must not lose the run: the release renews the lease as
   * it commits (drill 1 saw a live instance lose 14 leases so, each step running once more).
   */
  @Test
  void aRecoveringRunnerThatWaitsPastItsLeaseForTheCreditAccountKeepsItsLease() throws Exception {
    var killed = startAndKillMidCall("recovering");
    UUID workspace = killed.user().workspaceId();
    long deadEpoch = records.executions(workspace).getFirst().leaseEpoch();

    try (Connection account =
        DriverManager.getConnection(
            killed.url(), ExternalPostgres.OWNER, ExternalPostgres.OWNER_PASSWORD)) {
      account.setAutoCommit(false);
      try (var lock =
          account.prepareStatement(
              "SELECT 1 FROM credit_accounts WHERE workspace_id = ? FOR UPDATE")) {
        lock.setObject(1, workspace);
        lock.executeQuery().close();
      }
      // A heartbeat rarer than claims, so that a lease committed run out is claimed again before
      // the heartbeat could renew it, every time rather than now and then.
      var second =
          launch(killed.url(), Map.of("orchestrate.engine.heartbeat", "2s")).awaitHealthy();
      await("the second instance took the run and waits for the account past its lease")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  records.executions(workspace).getFirst().leaseEpoch() > deadEpoch
                      && records.leaseRunOut(killed.id()));
      account.rollback();

      new Executions(second.api(), killed.user(), null, null)
          .awaitStatus(killed.id().toString(), "completed");
    }

    assertThat(records.executions(workspace).getFirst().leaseEpoch())
        .as("claimed once after the kill, never again")
        .isEqualTo(deadEpoch + 1);
    assertThat(killed.slow().requests()).as("the killed call, then one rerun").hasSize(2);
  }

  /** A run killed (with its only instance) in the middle of its one model call. */
  private record KilledMidCall(
      String url, Api.Session user, UUID id, Marked slow, BigDecimal shareBeforeKill) {}

  private KilledMidCall startAndKillMidCall(String database) {
    String url = postgres.createDatabase(database);
    records = new OwnerRecords(url, ExternalPostgres.OWNER, ExternalPostgres.OWNER_PASSWORD);
    var first = launch(url).awaitHealthy();
    var user = first.api().signUp();
    var owner = new Executions(first.api(), user, null, null);
    String marker = "slow-" + UUID.randomUUID();
    Marked slow = providers.anthropic().when(marker);
    // The first call streams for seconds, long enough to die in; any later one does not.
    slow.reply(
            Reply.text("The quick brown fox jumps over.", usage(10, 256))
                .pacing(Duration.ofMillis(300)))
        .otherwise(Reply.text("ok", usage(10, 256)));
    owner.agent("slow", marker);
    String graph =
        """
        {'entry_point': 'start', 'nodes': [
           {'id': 'start', 'type': 'trigger', 'label': 'Start'},
           {'id': 'slow', 'type': 'agent_call', 'label': 'Slow', 'agent_slug': 'slow',
            'prompt': 'Slow', 'retry': {'max_attempts': 1, 'backoff_ms': 0}},
           {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
         'edges': [{'from': 'start', 'to': 'slow'}, {'from': 'slow', 'to': 'done'}]}
        """;
    UUID id = UUID.fromString(start(first.api(), user, owner.pipeline(graph)));
    await().atMost(Duration.ofSeconds(30)).until(() -> slow.requests().size() == 1);
    BigDecimal share = records.budgetReserved(id).getFirst();
    kill(first);
    return new KilledMidCall(url, user, id, slow, share);
  }

  private Map<String, String> stepStatuses(Api.Session user, UUID id) {
    Map<String, String> statuses = new LinkedHashMap<>();
    records.steps(user.workspaceId()).stream()
        .filter(s -> s.executionId().equals(id))
        .forEach(s -> statuses.put(s.nodeId(), s.status()));
    return statuses;
  }

  private static String start(Api api, Api.Session user, String pipelineId) {
    var started =
        api.post(
            "/orchestrate/pipeline/start",
            user.token(),
            Map.of("pipeline_id", pipelineId, "input", Map.of(), "budget", BUDGET));
    assertThat(started.status()).as(started.raw()).isEqualTo(202);
    return started.body().get("execution_id").asString();
  }

  private void kill(ServiceProcess instance) {
    assertThat(instance.kill()).isEqualTo(ServiceProcess.KILLED);
    await("sessions of the killed instance gone")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> records.sessions(instance.instanceId()) == 0);
  }

  private ServiceProcess launch(String url) {
    return launch(url, Map.of());
  }

  private ServiceProcess launch(String url, Map<String, String> overrides) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spring.profiles.active", "test");
    settings.put("orchestrate.data-dir", dir.resolve("data").toString());
    settings.put("orchestrate.database.url", url + "?ApplicationName=solo");
    settings.put("orchestrate.database.username", ExternalPostgres.OWNER);
    settings.put("orchestrate.database.password", ExternalPostgres.OWNER_PASSWORD);
    settings.put("orchestrate.engine.lease", LEASE.toSeconds() + "s");
    settings.put("orchestrate.engine.heartbeat", "500ms");
    settings.put("orchestrate.engine.poll-interval", "100ms");
    settings.put("orchestrate.llm.anthropic.base-url", providers.anthropicBaseUrl());
    settings.put("orchestrate.llm.anthropic.api-key", "k");
    settings.put("orchestrate.demo.provider", "simulated");
    settings.putAll(overrides);
    var instance = ServiceProcess.launch("solo", settings, dir);
    instances.add(instance);
    return instance;
  }
}
