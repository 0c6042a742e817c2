package dev.orchestrate.billing;

import dev.orchestrate.common.Money;
import dev.orchestrate.common.Validation;
import dev.orchestrate.database.Tenancy;
import dev.orchestrate.workspace.Role;
import dev.orchestrate.workspace.WorkspaceAccess;
import java.math.BigDecimal;
import java.util.Set;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** A workspace's spending limits: every member sees them and what they have used; owners set. */
@RestController
@RequestMapping("/api/workspaces/{workspaceId}/spending-limits")
class SpendingLimitsController {

  static final BigDecimal MAX_LIMIT = new BigDecimal("1000000000000");
  private static final Set<String> FIELDS = Set.of("daily", "monthly");

  private final SpendingLimits limits;
  private final WorkspaceAccess access;

  SpendingLimitsController(SpendingLimits limits, WorkspaceAccess access) {
    this.limits = limits;
    this.access = access;
  }

  @GetMapping
  @Transactional(readOnly = true)
  SpendingLimits.Status get(@PathVariable UUID workspaceId) {
    access.require(workspaceId, Role.VIEWER);
    return limits.status(workspaceId);
  }

  /**
   * {@code {daily, monthly}}: a number sets a limit, null removes it, a field left out keeps it.
   */
  @PutMapping
  @Transactional
  SpendingLimits.Status put(@PathVariable UUID workspaceId, @RequestBody JsonNode body) {
    access.require(workspaceId, Role.OWNER);
    var v = new Validation();
    if (!body.isObject()) {
      v.add("body", "must be an object {daily, monthly}");
      v.throwIfInvalid();
    }
    body.propertyNames().stream()
        .filter(name -> !FIELDS.contains(name))
        .sorted()
        .forEach(name -> v.add(name, "is not a field of spending limits (daily, monthly)"));
    BigDecimal daily = amount(body, "daily", v);
    BigDecimal monthly = amount(body, "monthly", v);
    v.throwIfInvalid();
    var current = limits.status(workspaceId);
    return limits.set(
        workspaceId,
        body.has("daily") ? daily : current.daily().limit(),
        body.has("monthly") ? monthly : current.monthly().limit(),
        Tenancy.currentUserId());
  }

  private static BigDecimal amount(JsonNode body, String field, Validation v) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isNumber()) {
      v.add(field, "must be a number of credits or null");
      return null;
    }
    // A number past a double's range (1e400) is read as an infinite double, which has no decimal
    // value: refused here rather than thrown below.
    if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
      v.add(field, "must be a finite number of credits, at most 1000000000000");
      return null;
    }
    BigDecimal amount = value.decimalValue();
    v.check(amount.signum() > 0, field, "must be positive (null removes the limit)");
    v.check(amount.compareTo(MAX_LIMIT) <= 0, field, "must be at most 1000000000000");
    v.check(
        amount.stripTrailingZeros().scale() <= Money.SCALE, field, "must have at most 4 decimals");
    return amount;
  }
}
