package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.engine.PaidPipelines.Started;
import dev.orchestrate.support.Api;
import dev.orchestrate.support.FakeProviders;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * What must hold once the executions an instance held when it was killed have been finished by
 * another process, read from the committed rows and from what the fake provider received.
 */
final class RecoveryChecks {

  /** What a killed instance held, read once its sessions were gone: its state at the kill. */
  record Killed(long atNanos, OwnerRecords.Held held) {}

  /** One paid call's key: execution, node, run and attempt, then the agent and round. */
  record ChargeKey(UUID executionId, String nodeId, int run, int attempt) {
    static ChargeKey of(String key) {
      String[] parts = key.split(":");
      return new ChargeKey(
          UUID.fromString(parts[1]),
          parts[2],
          Integer.parseInt(parts[3]),
          Integer.parseInt(parts[4]));
    }
  }

  private final OwnerRecords records;
  private final FakeProviders.Provider provider;
  private final Api.Session user;
  private final Map<UUID, Started> byExecution;

  RecoveryChecks(
      OwnerRecords records, FakeProviders.Provider provider, Api.Session user, List<Started> all) {
    this.records = records;
    this.provider = provider;
    this.user = user;
    this.byExecution = all.stream().collect(Collectors.toMap(Started::id, Function.identity()));
  }

  /** Every check, {@code survivor} being the API of an instance still up. */
  void holdAfter(Killed killed, Api survivor) {
    completedThroughTheApi(survivor);
    eventStreamsHaveNoGaps();
    noCompletedStepRanAgain(killed);
    interruptedStepsRanAsNewAttempts(killed);
    eachCompletedCallChargedExactlyOnce(survivor);
  }

  /** The survivor answers the token issued before the kill, by whichever instance. */
  private void completedThroughTheApi(Api api) {
    for (Started execution : byExecution.values()) {
      var view = api.get("/orchestrate/executions/" + execution.id(), user.token());
      assertThat(view.status()).as(view.raw()).isEqualTo(200);
      assertThat(view.body().get("status").asString()).isEqualTo("completed");
      assertThat(view.body().get("steps").findValuesAsString("status")).containsOnly("completed");
    }
  }

  private void eventStreamsHaveNoGaps() {
    for (var execution : records.executions(workspaceId())) {
      var seqs = records.events(execution.id()).stream().map(OwnerRecords.Event::seq).toList();
      assertThat(seqs)
          .as("event seqs of %s", execution.id())
          .isNotEmpty()
          .containsExactlyElementsOf(
              LongStream.rangeClosed(1, execution.lastEventSeq()).boxed().toList());
    }
  }

  /**
   * A step committed before the kill keeps its attempt and finish time and gets no new step_start;
   * the provider saw one call per agent and attempt for it, all before the kill.
   */
  private void noCompletedStepRanAgain(Killed killed) {
    var after = byId(records.steps(workspaceId()));
    var requests = provider.requests();
    var completed =
        killed.held().steps().stream().filter(s -> s.status().equals("completed")).toList();
    assertThat(completed.stream().filter(OwnerRecords.Step::isAgentCall))
        .as("model calls completed before the kill")
        .isNotEmpty();
    for (var before : completed) {
      var now = after.get(before.id());
      assertThat(now.status()).isEqualTo("completed");
      assertThat(now.attempt()).as("attempt of %s", before).isEqualTo(before.attempt());
      assertThat(now.finishedAt()).as("finished_at of %s", before).isEqualTo(before.finishedAt());
      long seqAtKill = killed.held().execution(before.executionId()).lastEventSeq();
      assertThat(records.events(before.executionId()))
          .filteredOn(e -> e.seq() > seqAtKill && e.type().equals("step_start"))
          .extracting(OwnerRecords.Event::nodeId)
          .as("step_start events after the kill")
          .doesNotContain(before.nodeId());
      if (before.isAgentCall()) {
        var execution = byExecution.get(before.executionId());
        String marker = execution.marker(before.nodeId());
        var calls = requests.stream().filter(r -> r.body().toString().contains(marker)).toList();
        assertThat(calls)
            .as("model calls for %s", marker)
            .hasSize(execution.shape().agentsAt(before.nodeId()) * before.attempt())
            .allMatch(r -> r.receivedAtNanos() < killed.atNanos());
      }
    }
  }

  /** A step left running by the dead instance ran again as a new attempt, announced as such. */
  private void interruptedStepsRanAsNewAttempts(Killed killed) {
    var after = byId(records.steps(workspaceId()));
    var interrupted =
        killed.held().steps().stream().filter(s -> s.status().equals("running")).toList();
    assertThat(interrupted).as("steps running at the kill").isNotEmpty();
    for (var before : interrupted) {
      var now = after.get(before.id());
      assertThat(now.status()).isEqualTo("completed");
      assertThat(now.attempt()).as("attempt of %s", before).isGreaterThan(before.attempt());
      long seqAtKill = killed.held().execution(before.executionId()).lastEventSeq();
      assertThat(records.events(before.executionId()))
          .filteredOn(e -> e.seq() > seqAtKill && e.type().equals("step_start"))
          .filteredOn(e -> before.nodeId().equals(e.nodeId()))
          .extracting(OwnerRecords.Event::attempt)
          .as("step_start of the new attempt of %s", before)
          .contains(now.attempt());
    }
  }

  /**
   * Charges settle with the step, so a call counts as completed exactly when its step committed:
   * every completed agent step has one usage row per agent, from its final attempt; a call cut off
   * by the kill has none, and its reservation was released on recovery. Nothing stays reserved, and
   * the balance is the grants less the usage.
   */
  private void eachCompletedCallChargedExactlyOnce(Api api) {
    var ledger = records.ledger(workspaceId());
    var steps = records.steps(workspaceId());
    var usage = ledger.stream().filter(e -> e.type().equals("usage")).toList();
    var reservations = ledger.stream().filter(e -> e.type().equals("reservation")).toList();
    var releases = ledger.stream().filter(e -> e.type().equals("release")).toList();

    long expected = 0;
    for (var step : steps.stream().filter(OwnerRecords.Step::isAgentCall).toList()) {
      int agents = byExecution.get(step.executionId()).shape().agentsAt(step.nodeId());
      expected += agents;
      assertThat(usage)
          .extracting(e -> ChargeKey.of(e.key()))
          .filteredOn(k -> k.executionId().equals(step.executionId()))
          .filteredOn(k -> k.nodeId().equals(step.nodeId()) && k.run() == step.run())
          .as("usage rows of %s", step)
          .hasSize(agents)
          .allMatch(k -> k.attempt() == step.attempt());
    }
    assertThat(usage).as("usage rows").hasSize((int) expected);
    assertThat(usage)
        .allSatisfy(
            e -> assertThat(e.amount()).isEqualByComparingTo(PaidPipelines.CALL_COST.negate()))
        .extracting(OwnerRecords.Entry::reservationId)
        .doesNotContainNull()
        .doesNotHaveDuplicates();

    // Every reservation closed exactly once; one left unused belongs to an attempt cut short.
    assertThat(releases.stream().map(OwnerRecords.Entry::reservationId).toList())
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(
            reservations.stream().map(OwnerRecords.Entry::id).toList());
    var charged = usage.stream().map(OwnerRecords.Entry::reservationId).toList();
    for (var reservation : reservations) {
      if (!charged.contains(reservation.id())) {
        var key = ChargeKey.of(reservation.key());
        assertThat(steps)
            .filteredOn(s -> s.executionId().equals(key.executionId()))
            .filteredOn(s -> s.nodeId().equals(key.nodeId()) && s.run() == key.run())
            .as("step of unused reservation %s", reservation.key())
            .singleElement()
            .satisfies(s -> assertThat(s.attempt()).isGreaterThan(key.attempt()));
      }
    }

    BigDecimal grants = sum(ledger, "grant");
    BigDecimal spent = sum(ledger, "usage");
    var account = records.account(workspaceId());
    assertThat(account.get(0)).as("balance").isEqualByComparingTo(grants.add(spent));
    assertThat(account.get(1)).as("reserved").isEqualByComparingTo(BigDecimal.ZERO);
    var credits = api.get(user.ws() + "/credits", user.token());
    assertThat(credits.body().get("balance").decimalValue())
        .isEqualByComparingTo(grants.add(spent));
    assertThat(credits.body().get("reserved").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);

    for (var execution : records.executions(workspaceId())) {
      BigDecimal charges =
          usage.stream()
              .filter(e -> execution.id().toString().equals(e.referenceId()))
              .map(e -> e.amount().negate())
              .reduce(BigDecimal.ZERO, BigDecimal::add);
      BigDecimal stepCosts =
          steps.stream()
              .filter(s -> s.executionId().equals(execution.id()))
              .map(OwnerRecords.Step::cost)
              .reduce(BigDecimal.ZERO, BigDecimal::add);
      assertThat(execution.cost())
          .as("total cost of %s", execution.id())
          .isEqualByComparingTo(charges);
      assertThat(stepCosts).as("step costs of %s", execution.id()).isEqualByComparingTo(charges);
    }
  }

  private static BigDecimal sum(List<OwnerRecords.Entry> ledger, String type) {
    return ledger.stream()
        .filter(e -> e.type().equals(type))
        .map(OwnerRecords.Entry::amount)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static Map<UUID, OwnerRecords.Step> byId(List<OwnerRecords.Step> steps) {
    return steps.stream().collect(Collectors.toMap(OwnerRecords.Step::id, Function.identity()));
  }

  private UUID workspaceId() {
    return user.workspaceId();
  }
}
