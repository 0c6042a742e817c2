package dev.orchestrate.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.ServiceTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The spending API against real PostgreSQL, under real concurrency. */
class CreditsIT extends ServiceTest {

  @Autowired Credits credits;
  @Autowired Tenancy tenancy;

  private static final Reference WORK = new Reference("test", "work", "test work");

  /** A workspace holding exactly {@code amount} credits. */
  private UUID workspaceWith(String amount) {
    var owner = api.signUp();
    var created = api.post("/api/workspaces", owner.token(), Map.of("name", "Billing test"));
    UUID ws = UUID.fromString(created.body().get("id").asString());
    var grant =
        api.post(
            "/api/workspaces/" + ws + "/credits/grants",
            owner.token(),
            Map.of("amount", new BigDecimal(amount)));
    assertThat(grant.status()).isEqualTo(201);
    return ws;
  }

  private <T> T asService(Callable<T> work) {
    return tenancy.inSystemTransaction(
        "test",
        () -> {
          try {
            return work.call();
          } catch (RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void concurrentReservationsNeverOverdraw() throws Exception {
    UUID ws = workspaceWith("100");
    List<Future<Reservation>> attempts = new ArrayList<>();
    var start = new CountDownLatch(1);
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 200; i++) {
        String key = "reserve-" + i;
        attempts.add(
            pool.submit(
                () -> {
                  start.await();
                  return asService(() -> credits.reserve(ws, BigDecimal.ONE, WORK, key));
                }));
      }
      start.countDown();
    }
    List<Reservation> reserved = new ArrayList<>();
    int refused = 0;
    for (Future<Reservation> attempt : attempts) {
      try {
        reserved.add(attempt.get());
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(InsufficientCreditsException.class);
        refused++;
      }
    }
    assertThat(reserved).hasSize(100);
    assertThat(refused).isEqualTo(100);
    assertThat(asService(() -> credits.balance(ws)).available()).isEqualByComparingTo("0");

    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Reservation r : reserved) {
        pool.submit(
            () -> asService(() -> credits.settle(r, BigDecimal.ONE, WORK, "settle-" + r.id())));
      }
    }
    var balance = asService(() -> credits.balance(ws));
    assertThat(balance.balance()).isEqualByComparingTo("0");
    assertThat(balance.reserved()).isEqualByComparingTo("0");
    assertLedgerAgreesWithAccount(ws);
  }

  @Test
  void theSameIdempotencyKeyChargedConcurrentlyWritesOneRow() throws Exception {
    UUID ws = workspaceWith("50");
    var start = new CountDownLatch(1);
    List<Future<Credits.Settlement>> charges = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 10; i++) {
        charges.add(
            pool.submit(
                () -> {
                  start.await();
                  return asService(
                      () -> credits.charge(ws, new BigDecimal("7.5"), WORK, "charge-once", null));
                }));
      }
      start.countDown();
    }
    for (var charge : charges) {
      assertThat(charge.get().charged()).isEqualByComparingTo("7.5");
      assertThat(charge.get().balance()).isEqualByComparingTo("42.5");
    }
    long rows =
        asService(
            () ->
                jdbc.sql(
                        "SELECT count(*) FROM credit_ledger WHERE workspace_id = ? AND idempotency_key = 'charge-once'")
                    .param(ws)
                    .query(Long.class)
                    .single());
    assertThat(rows).isEqualTo(1);
    assertThat(asService(() -> credits.balance(ws)).balance()).isEqualByComparingTo("42.5");
  }

  @Test
  void aSettlementChargesTheRealCostAndReleasesTheRest() {
    UUID ws = workspaceWith("10");
    Reservation r = asService(() -> credits.reserve(ws, new BigDecimal("6"), WORK, "r1"));
    assertThat(asService(() -> credits.balance(ws)).available()).isEqualByComparingTo("4");

    var settled = asService(() -> credits.settle(r, new BigDecimal("2.1234"), WORK, "s1"));
    assertThat(settled.charged()).isEqualByComparingTo("2.1234");
    assertThat(settled.balance()).isEqualByComparingTo("7.8766");
    var again = asService(() -> credits.settle(r, new BigDecimal("5"), WORK, "s1-retry"));
    assertThat(again.charged()).as("a reservation settles once").isEqualByComparingTo("2.1234");

    var balance = asService(() -> credits.balance(ws));
    assertThat(balance.balance()).isEqualByComparingTo("7.8766");
    assertThat(balance.available()).isEqualByComparingTo("7.8766");
    assertLedgerAgreesWithAccount(ws);
  }

  @Test
  void aReleasedReservationCostsNothing() {
    UUID ws = workspaceWith("10");
    Reservation r = asService(() -> credits.reserve(ws, new BigDecimal("10"), WORK, "r"));
    assertThatThrownBy(
            () -> asService(() -> credits.reserve(ws, new BigDecimal("0.0001"), WORK, "r2")))
        .isInstanceOf(InsufficientCreditsException.class);
    asService(
        () -> {
          credits.release(r, WORK, "release");
          return null;
        });
    assertThat(asService(() -> credits.balance(ws)).available()).isEqualByComparingTo("10");
    assertLedgerAgreesWithAccount(ws);
  }

  @Test
  void aChargeBeyondTheAvailableCreditsIsRefusedAndWritesNothing() {
    UUID ws = workspaceWith("3");
    assertThatThrownBy(
            () ->
                asService(
                    () -> credits.charge(ws, new BigDecimal("3.0001"), WORK, "too-much", null)))
        .isInstanceOf(InsufficientCreditsException.class)
        .hasMessageContaining("3 available");
    assertThat(asService(() -> credits.balance(ws)).balance()).isEqualByComparingTo("3");
    assertLedgerAgreesWithAccount(ws);
  }

  @Test
  void amountsWithMoreThanFourDecimalsAreRejected() {
    UUID ws = workspaceWith("3");
    assertThatThrownBy(
            () ->
                asService(() -> credits.charge(ws, new BigDecimal("0.00001"), WORK, "tiny", null)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reservationsNobodyWillSettleAreGivenBack() {
    UUID ws = workspaceWith("10");
    asService(() -> credits.reserve(ws, new BigDecimal("4"), WORK, "invoke:dead-process:reserve"));
    asService(() -> credits.reserve(ws, new BigDecimal("3"), WORK, "invoke:still-running:reserve"));
    assertThat(asService(() -> credits.balance(ws)).available()).isEqualByComparingTo("3");

    int released =
        asService(() -> credits.releaseStale("invoke:dead", java.time.Duration.ZERO, null));

    assertThat(released).isEqualTo(1);
    assertThat(asService(() -> credits.balance(ws)).available()).isEqualByComparingTo("7");
    assertThat(asService(() -> credits.releaseStale("invoke:dead", java.time.Duration.ZERO, null)))
        .isZero();
    assertLedgerAgreesWithAccount(ws);
  }

  /** The balance kept beside the ledger is always the sum of the ledger. */
  private void assertLedgerAgreesWithAccount(UUID ws) {
    var sums =
        asService(
            () ->
                jdbc.sql(
                        """
                        SELECT coalesce(sum(amount) FILTER (WHERE type IN ('grant', 'usage', 'refund')), 0),
                               coalesce(sum(amount) FILTER (WHERE type = 'reservation'), 0)
                                 - coalesce(sum(amount) FILTER (WHERE type = 'release'), 0)
                        FROM credit_ledger WHERE workspace_id = ?
                        """)
                    .param(ws)
                    .query((rs, n) -> new BigDecimal[] {rs.getBigDecimal(1), rs.getBigDecimal(2)})
                    .single());
    var account = asService(() -> credits.balance(ws));
    assertThat(account.balance()).isEqualByComparingTo(sums[0]);
    assertThat(account.reserved()).isEqualByComparingTo(sums[1]);
  }
}
