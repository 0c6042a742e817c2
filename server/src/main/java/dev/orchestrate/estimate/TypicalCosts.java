package dev.orchestrate.estimate;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the workspace's completed runs of one pipeline version cost: the median run, and the median
 * of each node's cost over those runs (all its runs and attempts within one execution summed).
 * Reads the engine's execution and step rows; medians are observed values ({@code
 * percentile_disc}), so they stay exact.
 */
@Repository
class TypicalCosts {

  /** The most recent completed runs a typical cost is taken from. */
  static final int RECENT_RUNS = 100;

  private final JdbcClient jdbc;

  TypicalCosts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Typical of(UUID workspaceId, UUID pipelineId, int version) {
    String recent =
        """
        WITH recent AS (
          SELECT id, total_cost FROM pipeline_executions
          WHERE workspace_id = :ws AND pipeline_id = :pipeline AND pipeline_version = :version
            AND status = 'completed'
          ORDER BY finished_at DESC, id DESC
          LIMIT :recent)
        """;
    var total =
        jdbc.sql(
                recent
                    + """
                    SELECT count(*) AS runs,
                           percentile_disc(0.5) WITHIN GROUP (ORDER BY total_cost) AS median
                    FROM recent
                    """)
            .param("ws", workspaceId)
            .param("pipeline", pipelineId)
            .param("version", version)
            .param("recent", RECENT_RUNS)
            .query((rs, n) -> new Typical(rs.getInt("runs"), rs.getBigDecimal("median"), Map.of()))
            .single();
    if (total.runs() == 0) {
      return total;
    }
    Map<String, BigDecimal> nodes = new HashMap<>();
    jdbc.sql(
            recent
                + """
                , per_node AS (
                  SELECT s.execution_id, s.node_id, sum(s.cost) AS cost
                  FROM pipeline_steps s JOIN recent r ON r.id = s.execution_id
                  WHERE s.workspace_id = :ws
                  GROUP BY s.execution_id, s.node_id)
                SELECT node_id, percentile_disc(0.5) WITHIN GROUP (ORDER BY cost) AS median
                FROM per_node GROUP BY node_id
                """)
        .param("ws", workspaceId)
        .param("pipeline", pipelineId)
        .param("version", version)
        .param("recent", RECENT_RUNS)
        .query(
            (org.springframework.jdbc.core.RowCallbackHandler)
                rs -> nodes.put(rs.getString("node_id"), rs.getBigDecimal("median")));
    return new Typical(total.runs(), total.total(), Map.copyOf(nodes));
  }

  /** The median of {@code runs} completed runs, and each node's median; none without runs. */
  record Typical(int runs, BigDecimal total, Map<String, BigDecimal> nodes) {}
}
