package dev.orchestrate.billing;

import dev.orchestrate.common.Money;
import dev.orchestrate.common.Validation;
import dev.orchestrate.workspace.Role;
import dev.orchestrate.workspace.WorkspaceAccess;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a workspace spent, summed from the ledger's usage rows by pipeline, agent, model or day;
 * every member may read it, as they may read the ledger itself.
 */
@RestController
class UsageController {

  /** Days of one day-by-day report: a little over a year. */
  static final long MAX_DAYS = 400;

  private final UsageQueries usage;
  private final BillingPeriods periods;
  private final BillingProperties properties;
  private final WorkspaceAccess access;

  UsageController(
      UsageQueries usage,
      BillingPeriods periods,
      BillingProperties properties,
      WorkspaceAccess access) {
    this.usage = usage;
    this.periods = periods;
    this.properties = properties;
    this.access = access;
  }

  /**
   * @param from an instant ({@code 2026-03-01T00:00:00Z}) or a day ({@code 2026-03-01}: from its
   *     start in the billing time zone); default the start of the current month
   * @param to an instant (excluded) or a day (included whole); default the end of the current month
   * @param groupBy {@code pipeline}, {@code agent}, {@code model} or {@code day} (default)
   */
  @GetMapping("/api/workspaces/{workspaceId}/usage")
  @Transactional(readOnly = true)
  UsageReport get(
      @PathVariable UUID workspaceId,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(name = "group_by", defaultValue = "day") String groupBy) {
    access.require(workspaceId, Role.VIEWER);
    var v = new Validation();
    Instant start = from == null ? periods.month().start() : instant(from, "from", false, v);
    Instant end = to == null ? periods.month().resetsAt() : instant(to, "to", true, v);
    var grouping = UsageQueries.Grouping.parse(groupBy);
    if (grouping.isEmpty()) {
      v.add("group_by", "must be one of pipeline, agent, model, day");
    }
    if (start != null && end != null) {
      v.check(start.isBefore(end), "to", "must be after from");
      v.check(
          grouping.orElse(null) != UsageQueries.Grouping.DAY
              || Duration.between(start, end).toDays() <= MAX_DAYS,
          "to",
          "must be at most " + MAX_DAYS + " days after from when grouping by day");
    }
    v.throwIfInvalid();
    var groups = usage.groups(workspaceId, start, end, grouping.get(), periods.zone());
    BigDecimal amount = BigDecimal.ZERO;
    long calls = 0;
    long in = 0;
    long out = 0;
    for (var group : groups) {
      amount = amount.add(group.amount());
      calls += group.calls();
      in += group.inputTokens();
      out += group.outputTokens();
    }
    return new UsageReport(
        start,
        end,
        grouping.get().wire(),
        periods.zone().getId(),
        properties.currency(),
        groups,
        new UsageReport.Sums(Money.normalize(amount), calls, in, out));
  }

  private Instant instant(String text, String path, boolean endOfDay, Validation v) {
    return periods.bound(text, path, endOfDay, v);
  }
}
