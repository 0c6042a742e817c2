package dev.orchestrate.billing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /api/workspaces/{ws}/usage}: the ledger's usage rows between {@code
 * from} (included) and {@code to} (excluded), summed per group and in total.
 */
record UsageReport(
    Instant from,
    Instant to,
    String groupBy,
    String timeZone,
    String currency,
    List<Group> groups,
    Sums totals) {

  /**
   * One group: {@code key} is the pipeline id, agent id, model or day ({@code YYYY-MM-DD} in the
   * billing time zone); null gathers rows that do not record it (rows older than the columns, and
   * charges that are not model calls).
   *
   * @param agentSlug the agent's slug at its latest charge (agent grouping only)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Group(
      @JsonInclude(JsonInclude.Include.ALWAYS) String key,
      String agentSlug,
      BigDecimal amount,
      long calls,
      long inputTokens,
      long outputTokens) {}

  /** Credits charged, usage rows, and the tokens recorded on them. */
  record Sums(BigDecimal amount, long calls, long inputTokens, long outputTokens) {}
}
