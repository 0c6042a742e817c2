package dev.orchestrate.billing;

import dev.orchestrate.common.Money;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Sums of the ledger's usage rows, grouped by what the rows record. */
@Repository
class UsageQueries {

  private final JdbcClient jdbc;

  UsageQueries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** How rows are grouped: the SQL of the key, written here and never taken from input. */
  enum Grouping {
    PIPELINE("pipeline", "CAST(pipeline_id AS text)"),
    AGENT("agent", "CAST(agent_id AS text)"),
    MODEL("model", "model"),
    DAY("day", "to_char(created_at AT TIME ZONE :zone, 'YYYY-MM-DD')");

    private final String wire;
    private final String key;

    Grouping(String wire, String key) {
      this.wire = wire;
      this.key = key;
    }

    String wire() {
      return wire;
    }

    static java.util.Optional<Grouping> parse(String value) {
      return java.util.Arrays.stream(values()).filter(g -> g.wire.equals(value)).findFirst();
    }
  }

  List<UsageReport.Group> groups(
      UUID workspaceId, Instant from, Instant to, Grouping grouping, ZoneId zone) {
    String order = grouping == Grouping.DAY ? "key NULLS FIRST" : "amount DESC, key NULLS LAST";
    return jdbc.sql(
            "SELECT "
                + grouping.key
                + """
                 AS key,
                   (array_agg(agent_slug ORDER BY created_at DESC, id DESC))[1] AS agent_slug,
                   sum(-amount) AS amount, count(*) AS calls,
                   coalesce(sum(input_tokens), 0) AS input_tokens,
                   coalesce(sum(output_tokens), 0) AS output_tokens
            FROM credit_ledger
            WHERE workspace_id = :ws AND type = 'usage' AND created_at >= :from AND created_at < :to
            GROUP BY 1
            ORDER BY
            """
                + order)
        .param("ws", workspaceId)
        .param("from", Timestamp.from(from))
        .param("to", Timestamp.from(to))
        .param("zone", zone.getId())
        .query(
            (rs, n) ->
                new UsageReport.Group(
                    rs.getString("key"),
                    grouping == Grouping.AGENT ? rs.getString("agent_slug") : null,
                    Money.normalize(rs.getBigDecimal("amount")),
                    rs.getLong("calls"),
                    rs.getLong("input_tokens"),
                    rs.getLong("output_tokens")))
        .list();
  }
}
