package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.support.Api;
import dev.orchestrate.support.ExternalPostgres;
import dev.orchestrate.support.FakeProviders;
import dev.orchestrate.support.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executions survive the death of the process running them. Each instance is a JVM of its own on
 * one shared PostgreSQL, killed with SIGKILL while its model calls stream slowly from a loopback
 * fake: no shutdown hook runs and no lease is handed back, as when a machine dies. Whoever carries
 * on must finish every execution, never run a committed step again, charge each completed call
 * exactly once and leave every event stream without gaps.
 */
class CrashRecoveryIT {

  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final int EXECUTIONS = 10;
  private static final String OWNER = ExternalPostgres.OWNER;
  private static final String OWNER_PASSWORD = ExternalPostgres.OWNER_PASSWORD;

  private static ExternalPostgres postgres;
  private static FakeProviders providers;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  private final List<ServiceProcess> instances = new ArrayList<>();
  private OwnerRecords records;

  @BeforeAll
  static void startTheSharedDatabaseAndProviders() throws Exception {
    postgres = ExternalPostgres.start();
    providers = FakeProviders.start();
  }

  @AfterAll
  static void stopTheSharedDatabaseAndProviders() throws Exception {
    providers.close();
    postgres.close();
  }

  @BeforeEach
  void slowModels() {
    providers.reset();
    for (int i = 0; i < 400; i++) {
      providers.anthropic().reply(PaidPipelines.slowReply());
    }
  }

  @AfterEach
  void stopInstances() {
    instances.forEach(ServiceProcess::close);
    if (records != null) {
      records.close();
    }
  }

  @Test
  void everyExecutionCompletesExactlyOnceAfterTheServiceIsKilledMidFlightAndStartedAgain() {
    String url = database("crash");
    var first = launch("solo", url).awaitHealthy();
    var user = first.api().signUp();
    var started = PaidPipelines.start(user, List.of(first.api()), EXECUTIONS);

    awaitMidFlight(user, "solo", 3);
    var killed = kill(first, user);
    // Started again as its operator would: same settings, same name. Its start takes longer than
    // the lease, so what the dead process held is claimable as soon as it is up.
    var second = launch("solo", url).awaitHealthy();

    awaitAllCompleted(user, started, Duration.ofSeconds(60));
    new RecoveryChecks(records, providers.anthropic(), user, started)
        .holdAfter(killed, second.api());
  }

  @Test
  void theSurvivingInstanceFinishesTheExecutionsOfAKilledOne() {
    String url = database("takeover");
    var a = launch("a", url);
    var b = launch("b", url);
    a.awaitHealthy();
    b.awaitHealthy();
    var user = a.api().signUp();
    var started = PaidPipelines.start(user, List.of(a.api(), b.api()), EXECUTIONS);

    var owners =
        await("every execution claimed")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () ->
                    records.executions(user.workspaceId()).stream()
                        .map(OwnerRecords.Execution::owner)
                        .toList(),
                claimed -> claimed.stream().allMatch(o -> o != null));
    assertThat(owners).as("owners: both instances claim some").contains("a", "b");
    assertThat(owners.stream().filter("a"::equals)).as("held by a").hasSizeGreaterThan(1);
    awaitMidFlight(user, "a", 2);
    var killed = kill(a, user);
    var held = killed.held().executions().stream().map(OwnerRecords.Execution::id).toList();

    explained(
        () ->
            await("b takes over what a held")
                .atMost(LEASE.plusSeconds(3))
                .pollInterval(Duration.ofMillis(100))
                .until(
                    () ->
                        records.executions(user.workspaceId()).stream()
                            .filter(e -> held.contains(e.id()))
                            .noneMatch(e -> "a".equals(e.owner()))),
        user);
    awaitAllCompleted(user, started, LEASE.plusSeconds(25));
    records.executions(user.workspaceId()).stream()
        .filter(e -> held.contains(e.id()))
        .forEach(
            e ->
                assertThat(e.leaseEpoch())
                    .as("execution %s was claimed again after a died", e.id())
                    .isGreaterThan(killed.held().execution(e.id()).leaseEpoch()));
    new RecoveryChecks(records, providers.anthropic(), user, started).holdAfter(killed, b.api());
  }

  private String database(String name) {
    String url = postgres.createDatabase(name);
    records = new OwnerRecords(url, OWNER, OWNER_PASSWORD);
    return url;
  }

  /** An instance on {@code url}; its sessions carry its name, so the test can see them go. */
  private ServiceProcess launch(String instanceId, String url) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spring.profiles.active", "test");
    settings.put("orchestrate.data-dir", dir.resolve("data-" + instanceId).toString());
    settings.put("orchestrate.database.url", url + "?ApplicationName=" + instanceId);
    settings.put("orchestrate.database.username", OWNER);
    settings.put("orchestrate.database.password", OWNER_PASSWORD);
    settings.put("orchestrate.engine.lease", LEASE.toSeconds() + "s");
    settings.put("orchestrate.engine.heartbeat", "500ms");
    settings.put("orchestrate.engine.poll-interval", "100ms");
    settings.put("orchestrate.llm.anthropic.base-url", providers.anthropicBaseUrl());
    settings.put("orchestrate.llm.anthropic.api-key", "k");
    settings.put("orchestrate.demo.provider", "simulated");
    var instance = ServiceProcess.launch(instanceId, settings, dir);
    instances.add(instance);
    return instance;
  }

  /** Until what {@code owner} holds has at least so many model calls completed and in flight. */
  private void awaitMidFlight(Api.Session user, String owner, int atLeast) {
    await("executions of " + owner + " mid-flight")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> records.heldBy(user.workspaceId(), owner).steps(),
            steps ->
                agentSteps(steps, "completed") >= atLeast
                    && agentSteps(steps, "running") >= atLeast);
  }

  private static long agentSteps(List<OwnerRecords.Step> steps, String status) {
    return steps.stream().filter(s -> s.isAgentCall() && s.status().equals(status)).count();
  }

  /**
   * SIGKILLs the instance, waits until PostgreSQL has dropped its sessions (rolling back whatever
   * it had open), and reads what it held: exactly its state at the kill, for nobody else may write
   * those executions before claiming them, which changes their owner.
   */
  private RecoveryChecks.Killed kill(ServiceProcess instance, Api.Session user) {
    assertThat(instance.kill()).as("exit value of SIGKILL").isEqualTo(ServiceProcess.KILLED);
    long at = System.nanoTime();
    await("sessions of " + instance.instanceId() + " gone")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> records.sessions(instance.instanceId()) == 0);
    var held = records.heldBy(user.workspaceId(), instance.instanceId());
    assertThat(held.executions()).as("executions held at the kill").isNotEmpty();
    return new RecoveryChecks.Killed(at, held);
  }

  private void awaitAllCompleted(
      Api.Session user, List<PaidPipelines.Started> started, Duration within) {
    explained(
        () ->
            await("every execution completed")
                .atMost(within)
                .pollInterval(Duration.ofMillis(200))
                .failFast(
                    () -> {
                      for (var e : records.executions(user.workspaceId())) {
                        if (List.of("failed", "cancelled", "rejected").contains(e.status())) {
                          throw new AssertionError("execution " + e + " ended so\n" + logs());
                        }
                      }
                    })
                .until(
                    () -> records.executions(user.workspaceId()),
                    executions ->
                        executions.size() == started.size()
                            && executions.stream().allMatch(e -> e.status().equals("completed"))),
        user);
  }

  /** Runs a wait; when it times out, says where every execution and instance stood. */
  private void explained(Runnable wait, Api.Session user) {
    try {
      wait.run();
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          e.getMessage() + "\n" + records.executions(user.workspaceId()) + "\n" + logs(), e);
    }
  }

  /** The last lines of every instance's log, for a failure to explain itself. */
  private String logs() {
    StringBuilder all = new StringBuilder();
    for (var instance : instances) {
      all.append("---- ").append(instance.instanceId()).append('\n').append(instance.logTail());
      all.append('\n');
    }
    return all.toString();
  }
}
