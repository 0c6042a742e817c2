package dev.orchestrate.billing;

import dev.orchestrate.common.PageCursor;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The credit_accounts and credit_ledger tables. */
@Repository
class CreditLedger {

  private static final String ENTRY_COLUMNS =
      "id, type, amount, balance_after, description, reference_id, reference_type, created_at,"
          + " reservation_id";

  /** The ledger rows a member sees as transactions. */
  static final List<String> TRANSACTION_TYPES = List.of("grant", "usage", "refund");

  private final JdbcClient jdbc;

  CreditLedger(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Locks the account: every change to a workspace's credits is serialized on this row. */
  Optional<Account> lock(UUID workspaceId) {
    return jdbc.sql(
            "SELECT balance, reserved, daily_limit, monthly_limit FROM credit_accounts"
                + " WHERE workspace_id = ? FOR UPDATE")
        .param(workspaceId)
        .query(CreditLedger::account)
        .optional();
  }

  Optional<Account> read(UUID workspaceId) {
    return jdbc.sql(
            "SELECT balance, reserved, daily_limit, monthly_limit FROM credit_accounts"
                + " WHERE workspace_id = ?")
        .param(workspaceId)
        .query(CreditLedger::account)
        .optional();
  }

  private static Account account(ResultSet rs, int n) throws SQLException {
    return new Account(
        rs.getBigDecimal("balance"),
        rs.getBigDecimal("reserved"),
        rs.getBigDecimal("daily_limit"),
        rs.getBigDecimal("monthly_limit"));
  }

  /** Sets both limits (null: none); the caller holds the account's lock. */
  void setLimits(UUID workspaceId, BigDecimal daily, BigDecimal monthly) {
    jdbc.sql(
            """
            UPDATE credit_accounts SET daily_limit = ?, monthly_limit = ?, updated_at = now()
            WHERE workspace_id = ?
            """)
        .params(daily, monthly, workspaceId)
        .update();
  }

  /**
   * What usage rows charged since each instant: the spending of the current day and month (which
   * holds the day, so it starts no later).
   */
  Spent spentSince(UUID workspaceId, java.time.Instant dayStart, java.time.Instant monthStart) {
    return jdbc.sql(
            """
            SELECT coalesce(sum(-amount) FILTER (WHERE created_at >= :day), 0),
                   coalesce(sum(-amount) FILTER (WHERE created_at >= :month), 0)
            FROM credit_ledger
            WHERE workspace_id = :ws AND type = 'usage' AND created_at >= :month
            """)
        .param("ws", workspaceId)
        .param("day", java.sql.Timestamp.from(dayStart))
        .param("month", java.sql.Timestamp.from(monthStart))
        .query((rs, n) -> new Spent(rs.getBigDecimal(1), rs.getBigDecimal(2)))
        .single();
  }

  /** Credits charged by usage in the current day and month. */
  record Spent(BigDecimal day, BigDecimal month) {}

  void change(UUID workspaceId, BigDecimal balanceDelta, BigDecimal reservedDelta) {
    jdbc.sql(
            """
            UPDATE credit_accounts SET balance = balance + ?, reserved = reserved + ?, updated_at = now()
            WHERE workspace_id = ?
            """)
        .params(balanceDelta, reservedDelta, workspaceId)
        .update();
  }

  Optional<Row> byKey(UUID workspaceId, String key) {
    return jdbc.sql(
            "SELECT "
                + ENTRY_COLUMNS
                + " FROM credit_ledger WHERE workspace_id = ? AND idempotency_key = ?")
        .params(workspaceId, key)
        .query(CreditLedger::row)
        .optional();
  }

  /** Reservations with keys starting {@code prefix} that no release has closed yet. */
  List<Row> openReservations(UUID workspaceId, String prefix) {
    return jdbc.sql(
            "SELECT "
                + ENTRY_COLUMNS
                + """
                 FROM credit_ledger r
                WHERE r.workspace_id = ? AND r.type = 'reservation' AND starts_with(r.idempotency_key, ?)
                  AND NOT EXISTS (SELECT 1 FROM credit_ledger x WHERE x.reservation_id = r.id AND x.type = 'release')
                """)
        .params(workspaceId, prefix)
        .query(CreditLedger::row)
        .list();
  }

  /**
   * Open reservations (no release) across every workspace whose key starts with {@code prefix} and
   * that are older than {@code age}; {@code extraCondition} narrows them further (SQL over {@code
   * r}).
   */
  List<Stale> stale(String prefix, java.time.Duration age, String extraCondition) {
    return jdbc.sql(
            """
            SELECT r.workspace_id, r.idempotency_key FROM credit_ledger r
            WHERE r.type = 'reservation' AND starts_with(r.idempotency_key, ?)
              AND r.created_at < now() - make_interval(secs => ?)
              AND NOT EXISTS (SELECT 1 FROM credit_ledger x WHERE x.reservation_id = r.id AND x.type = 'release')
            """
                + (extraCondition == null ? "" : " AND " + extraCondition)
                + " LIMIT 500")
        .params(prefix, (double) age.toSeconds())
        .query((rs, n) -> new Stale(rs.getObject(1, UUID.class), rs.getString(2)))
        .list();
  }

  /** An open reservation, by workspace and key. */
  record Stale(UUID workspaceId, String key) {}

  /** The row of {@code type} that refers to a reservation (its release, or its usage). */
  Optional<Row> forReservation(UUID reservationId, String type) {
    return jdbc.sql(
            "SELECT " + ENTRY_COLUMNS + " FROM credit_ledger WHERE reservation_id = ? AND type = ?")
        .params(reservationId, type)
        .query(CreditLedger::row)
        .optional();
  }

  Row insert(UUID workspaceId, NewEntry e) {
    return jdbc.sql(
            """
            INSERT INTO credit_ledger (workspace_id, type, amount, balance_after, description,
                                       reference_id, reference_type, reservation_id,
                                       idempotency_key, created_by, pipeline_id, agent_id,
                                       agent_slug, provider, model, input_tokens, output_tokens)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                    (SELECT pipeline_id FROM pipeline_executions WHERE id = ?), ?, ?, ?, ?, ?, ?)
            """
                + " RETURNING "
                + ENTRY_COLUMNS)
        .params(
            workspaceId,
            e.type(),
            e.amount(),
            e.balanceAfter(),
            e.reference().description(),
            e.reference().id(),
            e.reference().type(),
            e.reservationId(),
            e.idempotencyKey(),
            e.actorId(),
            executionOf(e),
            e.tags().agentId(),
            e.tags().agentSlug(),
            e.tags().provider(),
            e.tags().model(),
            e.tags().inputTokens(),
            e.tags().outputTokens())
        .query(CreditLedger::row)
        .single();
  }

  /**
   * Grants, usage and refunds, newest first; reservations are bookkeeping and stay out. {@code
   * types} narrows to some of the three (empty: all), {@code from} (included) and {@code to}
   * (excluded) to a time range (null: unbounded).
   */
  List<LedgerEntry> transactions(
      UUID workspaceId,
      int limit,
      PageCursor before,
      List<String> types,
      java.time.Instant from,
      java.time.Instant to) {
    return jdbc.sql(
            "SELECT "
                + ENTRY_COLUMNS
                + """
             FROM credit_ledger
            WHERE workspace_id = :ws AND type IN (:types)
              AND (CAST(:at AS timestamptz) IS NULL OR (created_at, id) < (:at, :id))
              AND (CAST(:from AS timestamptz) IS NULL OR created_at >= :from)
              AND (CAST(:to AS timestamptz) IS NULL OR created_at < :to)
            ORDER BY created_at DESC, id DESC
            LIMIT :limit
            """)
        .param("ws", workspaceId)
        .param("types", types.isEmpty() ? TRANSACTION_TYPES : types)
        .param("from", from == null ? null : java.sql.Timestamp.from(from))
        .param("to", to == null ? null : java.sql.Timestamp.from(to))
        .param("at", before == null ? null : java.sql.Timestamp.from(before.createdAt()))
        .param("id", before == null ? null : before.id())
        .param("limit", limit)
        .query((rs, n) -> row(rs, n).entry())
        .list();
  }

  /**
   * The execution a usage row charged, whose pipeline the row records: the ledger is summed by
   * pipeline long after, when the execution's own row may be gone.
   */
  private static UUID executionOf(NewEntry e) {
    if (!"usage".equals(e.type()) || !"pipeline_execution".equals(e.reference().type())) {
      return null;
    }
    try {
      return UUID.fromString(e.reference().id());
    } catch (IllegalArgumentException notAnId) {
      return null;
    }
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    var entry =
        new LedgerEntry(
            rs.getObject("id", UUID.class),
            rs.getString("type"),
            rs.getBigDecimal("amount"),
            rs.getBigDecimal("balance_after"),
            rs.getString("description"),
            rs.getString("reference_id"),
            rs.getString("reference_type"),
            rs.getTimestamp("created_at").toInstant());
    return new Row(entry, rs.getObject("reservation_id", UUID.class));
  }

  /**
   * A workspace's balance, the credits its open reservations hold, and its spending limits (null:
   * none).
   */
  record Account(
      BigDecimal balance, BigDecimal reserved, BigDecimal dailyLimit, BigDecimal monthlyLimit) {
    BigDecimal available() {
      return balance.subtract(reserved);
    }
  }

  record Row(LedgerEntry entry, UUID reservationId) {}

  record NewEntry(
      String type,
      BigDecimal amount,
      BigDecimal balanceAfter,
      Reference reference,
      UUID reservationId,
      String idempotencyKey,
      UUID actorId,
      UsageTags tags) {

    NewEntry {
      tags = tags == null ? UsageTags.NONE : tags;
    }
  }
}
