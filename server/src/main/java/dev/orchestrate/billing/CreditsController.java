package dev.orchestrate.billing;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orchestrate.common.Money;
import dev.orchestrate.common.PageCursor;
import dev.orchestrate.common.Validation;
import dev.orchestrate.database.Tenancy;
import dev.orchestrate.workspace.Role;
import dev.orchestrate.workspace.WorkspaceAccess;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A workspace's credits: every member sees them, only owners grant. */
@RestController
@RequestMapping("/api/workspaces/{workspaceId}/credits")
class CreditsController {

  private static final BigDecimal MAX_GRANT = new BigDecimal("1000000000");

  private final Credits credits;
  private final CreditLedger ledger;
  private final WorkspaceAccess access;
  private final BillingProperties properties;
  private final BillingPeriods periods;

  CreditsController(
      Credits credits,
      CreditLedger ledger,
      WorkspaceAccess access,
      BillingProperties properties,
      BillingPeriods periods) {
    this.credits = credits;
    this.ledger = ledger;
    this.access = access;
    this.properties = properties;
    this.periods = periods;
  }

  /**
   * @param type {@code grant}, {@code usage} or {@code refund}, several separated by commas;
   *     default all three
   * @param from a day (from its start in the billing time zone) or an instant, included
   * @param to a day (included whole) or an instant (excluded)
   */
  @GetMapping
  @Transactional(readOnly = true)
  CreditsView get(
      @PathVariable UUID workspaceId,
      @RequestParam(defaultValue = "50") int limit,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    access.require(workspaceId, Role.VIEWER);
    var v = new Validation();
    v.check(limit >= 1 && limit <= 200, "limit", "must be between 1 and 200");
    List<String> types =
        type == null || type.isBlank()
            ? List.of()
            : Arrays.stream(type.split(",")).map(String::trim).distinct().toList();
    types.stream()
        .filter(t -> !CreditLedger.TRANSACTION_TYPES.contains(t))
        .findFirst()
        .ifPresent(t -> v.add("type", "must be grant, usage or refund (several: comma-separated)"));
    Instant start = from == null ? null : periods.bound(from, "from", false, v);
    Instant end = to == null ? null : periods.bound(to, "to", true, v);
    if (start != null && end != null) {
      v.check(start.isBefore(end), "to", "must be after from");
    }
    v.throwIfInvalid();
    var balance = credits.balance(workspaceId);
    List<LedgerEntry> page =
        ledger
            .transactions(
                workspaceId,
                limit,
                cursor == null ? null : PageCursor.decode(cursor),
                types,
                start,
                end)
            .stream()
            .map(CreditsController::normalized)
            .toList();
    String next =
        page.size() == limit
            ? new PageCursor(page.getLast().createdAt(), page.getLast().id()).encode()
            : null;
    return new CreditsView(
        balance.balance(),
        balance.reserved(),
        balance.available(),
        properties.currency(),
        page,
        next);
  }

  @PostMapping("/grants")
  @ResponseStatus(HttpStatus.CREATED)
  @Transactional
  LedgerEntry grant(
      @PathVariable UUID workspaceId,
      @RequestBody GrantRequest body,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    access.require(workspaceId, Role.OWNER);
    var v = new Validation();
    if (body.amount() == null) {
      v.add("amount", "is required");
    } else {
      v.check(body.amount().signum() > 0, "amount", "must be positive");
      v.check(body.amount().compareTo(MAX_GRANT) <= 0, "amount", "must be at most 1000000000");
      v.check(
          body.amount().stripTrailingZeros().scale() <= Money.SCALE,
          "amount",
          "must have at most 4 decimals");
    }
    v.check(
        body.description() == null || body.description().length() <= 500,
        "description",
        "must be at most 500 characters");
    v.throwIfInvalid();
    String key = idempotencyKey != null ? "grant:" + idempotencyKey : "grant:" + UUID.randomUUID();
    UUID actor = Tenancy.currentUserId();
    var entry =
        credits.grant(
            workspaceId,
            body.amount(),
            new Reference(
                "grant",
                actor.toString(),
                body.description() == null ? "Credit grant" : body.description()),
            key,
            actor);
    return normalized(entry);
  }

  private static LedgerEntry normalized(LedgerEntry e) {
    return new LedgerEntry(
        e.id(),
        e.type(),
        Money.normalize(e.amount()),
        Money.normalize(e.balanceAfter()),
        e.description(),
        e.referenceId(),
        e.referenceType(),
        e.createdAt());
  }

  record GrantRequest(BigDecimal amount, String description) {}

  /** The answer of GET credits: the contract's fields plus reserved, available and a cursor. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CreditsView(
      BigDecimal balance,
      BigDecimal reserved,
      BigDecimal available,
      String currency,
      List<LedgerEntry> transactions,
      String nextCursor) {}
}
