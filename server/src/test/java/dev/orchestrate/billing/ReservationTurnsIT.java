package dev.orchestrate.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.database.Tenant;
import dev.orchestrate.support.ServiceTest;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Issue 15: reservations of one workspace wait for its account's row lock one at a time holding a
 * pooled connection, the rest in line without one. Before, 20 runs of a workspace waiting for the
 * lock took the whole pool (20), and every other workspace's work waited for a connection too.
 */
class ReservationTurnsIT extends ServiceTest {

  /** More than the pool's 20 connections. */
  private static final int CALLS = 30;

  private static final BigDecimal AMOUNT = new BigDecimal("1.5");

  @Autowired Credits credits;

  /** The schema owner, to hold the account's row lock from outside the service's pool. */
  @Autowired
  @Qualifier("migrationDataSource")
  DataSource owner;

  private BigDecimal reserved(UUID workspace) {
    return Tenancy.runAs(new Tenant.System("test reads"), () -> credits.balance(workspace))
        .reserved();
  }

  @Test
  void callsWaitingForTheirWorkspacesAccountLeaveThePoolToOtherWork() throws Exception {
    var busy = api.signUp();
    var other = api.signUp();
    UUID workspace = busy.workspaceId();
    BigDecimal reservedBefore = reserved(workspace);

    List<Future<Reservation>> calls = new ArrayList<>();
    // Closed in reverse: the holder's lock goes (rolled back) before the pool waits for the calls.
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        Connection holder = owner.getConnection()) {
      holder.setAutoCommit(false);
      try (var lock =
          holder.prepareStatement(
              "SELECT 1 FROM credit_accounts WHERE workspace_id = ? FOR UPDATE")) {
        lock.setObject(1, workspace);
        lock.executeQuery().close();
      }
      for (int i = 0; i < CALLS; i++) {
        String key = "turns:" + UUID.randomUUID();
        calls.add(
            pool.submit(
                () ->
                    Tenancy.runAs(
                        new Tenant.System("test reserves"),
                        () ->
                            credits.reserve(
                                workspace,
                                AMOUNT,
                                new Reference("test", key, "turns"),
                                key + ":reserve"))));
      }

      // Another workspace's request still gets a connection while all of them wait.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> api.get(other.ws() + "/credits", other.token()).status() == 200);
      assertThat(calls).noneMatch(Future::isDone);

      holder.commit();
      List<Reservation> reservations = new ArrayList<>();
      for (var call : calls) {
        reservations.add(call.get());
      }
      assertThat(reservations).extracting(Reservation::id).doesNotHaveDuplicates();
      assertThat(reserved(workspace))
          .isEqualByComparingTo(reservedBefore.add(AMOUNT.multiply(BigDecimal.valueOf(CALLS))));
      for (var reservation : reservations) {
        Tenancy.runAs(
            new Tenant.System("test releases"),
            () -> {
              credits.release(
                  reservation, new Reference("test", "turns", "turns"), "r:" + reservation.id());
              return null;
            });
      }
    }
  }
}
