package dev.orchestrate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditRecorderTest {

  @Test
  void redactsValuesOfKeysThatLookSecretAtAnyDepth() {
    Object redacted =
        AuditRecorder.redact(
            Map.of(
                "name", "slack_bot_token",
                "value", Map.of("apiKey", "sk-live", "Password", "hunter2", "kept", 1),
                "list", List.of(Map.of("authorization", "Bearer x"))));
    assertThat(redacted.toString())
        .doesNotContain("sk-live", "hunter2", "Bearer x")
        .contains("kept=1", "slack_bot_token");
  }

  @Test
  void aChainMissingItsTailIsBrokenWhereTheTailBegan() {
    var checker = new ChainChecker();
    checker.next(1, AuditLog.GENESIS, "a", "a");
    checker.next(2, "a", "b", "b");
    assertThat(checker.result(2).valid()).isTrue();

    var truncated = new ChainChecker();
    truncated.next(1, AuditLog.GENESIS, "a", "a");
    assertThat(truncated.result(2).firstBadSeq()).isEqualTo(2);
  }

  @Test
  void entriesWaitingTooLongToBeChainedMakeAnIntactChainInvalid() {
    var waiting = new ChainChecker();
    waiting.next(1, AuditLog.GENESIS, "a", "a");
    var verdict = waiting.result(1, 3, 0, true);
    assertThat(verdict.valid()).isTrue();
    assertThat(verdict.pending()).isEqualTo(3);

    var stale = new ChainChecker();
    stale.next(1, AuditLog.GENESIS, "a", "a");
    var finding = stale.result(1, 3, 1, true);
    assertThat(finding.valid()).isFalse();
    assertThat(finding.firstBadSeq()).isNull();
    assertThat(finding.stalePending()).isEqualTo(1);
  }
}
