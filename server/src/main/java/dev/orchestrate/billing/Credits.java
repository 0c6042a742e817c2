package dev.orchestrate.billing;

import dev.orchestrate.common.AuditEvent;
import dev.orchestrate.common.Money;
import dev.orchestrate.common.OrchestrateException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The spending API of the service. Every call locks the workspace's account row, so concurrent
 * spending is serialized and can never overdraw; every call takes an idempotency key, and repeating
 * a key returns the first result and writes nothing.
 */
@Service
public class Credits {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Credits.class);

  /**
   * How many locks the reservations of different workspaces are spread over ({@link #reserving}):
   * enough that two workspaces rarely share one, few enough to keep for good.
   */
  private static final int RESERVING_STRIPES = 256;

  private final CreditLedger ledger;
  private final LimitGuard limits;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate transactions;

  /**
   * Reservations of one workspace take its account's row lock one after another anyway. Without a
   * turn taken here first, every call waiting for that lock held a pooled connection meanwhile:
   * with 20 runs of a workspace at once, its waiting calls took most of the pool from the commits
   * that would have released the lock (issue 15). Only the lock's holder waits in the database now.
   */
  private final ReentrantLock[] reserving = new ReentrantLock[RESERVING_STRIPES];

  Credits(
      CreditLedger ledger,
      LimitGuard limits,
      ApplicationEventPublisher events,
      PlatformTransactionManager transactionManager) {
    this.ledger = ledger;
    this.limits = limits;
    this.events = events;
    this.transactions = new TransactionTemplate(transactionManager);
    for (int i = 0; i < RESERVING_STRIPES; i++) {
      reserving[i] = new ReentrantLock(true);
    }
  }

  /** Adds credits to a workspace. */
  @Transactional
  public LedgerEntry grant(
      UUID workspaceId, BigDecimal amount, Reference reference, String key, UUID actorId) {
    requirePositive(amount);
    var account = lock(workspaceId);
    var existing = ledger.byKey(workspaceId, key);
    if (existing.isPresent()) {
      return existing.get().entry();
    }
    BigDecimal balance = account.balance().add(amount);
    ledger.change(workspaceId, amount, BigDecimal.ZERO);
    var row =
        ledger.insert(
            workspaceId,
            new CreditLedger.NewEntry(
                "grant", amount, balance, reference, null, key, actorId, UsageTags.NONE));
    audit(workspaceId, actorId, "credits.granted", amount, balance, reference);
    return row.entry();
  }

  /**
   * Sets credits aside before work whose cost is known only afterwards.
   *
   * @throws InsufficientCreditsException when the balance less open reservations is below {@code
   *     amount}
   * @throws SpendingLimitException when the usage of the current day or month, the open
   *     reservations and {@code amount} together pass one of the workspace's spending limits
   */
  public Reservation reserve(UUID workspaceId, BigDecimal amount, Reference reference, String key) {
    requireNotNegative(amount);
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      // The caller's transaction may hold the account already: waiting for a turn here while
      // another caller holding the turn waits for that row would never end.
      return reserveNow(workspaceId, amount, reference, key);
    }
    ReentrantLock turn = reserving[Math.floorMod(workspaceId.hashCode(), RESERVING_STRIPES)];
    turn.lock();
    try {
      return transactions.execute(status -> reserveNow(workspaceId, amount, reference, key));
    } finally {
      turn.unlock();
    }
  }

  private Reservation reserveNow(
      UUID workspaceId, BigDecimal amount, Reference reference, String key) {
    var account = lock(workspaceId);
    var existing = ledger.byKey(workspaceId, key);
    if (existing.isPresent()) {
      return new Reservation(
          existing.get().entry().id(), workspaceId, existing.get().entry().amount());
    }
    if (account.available().compareTo(amount) < 0) {
      throw new InsufficientCreditsException(
          Money.normalize(account.available()), Money.normalize(amount));
    }
    limits.admit(workspaceId, account, amount);
    ledger.change(workspaceId, BigDecimal.ZERO, amount);
    var row =
        ledger.insert(
            workspaceId,
            new CreditLedger.NewEntry(
                "reservation",
                amount,
                account.balance(),
                reference,
                null,
                key,
                null,
                UsageTags.NONE));
    return new Reservation(row.entry().id(), workspaceId, amount);
  }

  /**
   * Closes a reservation with what the work really cost: releases the reservation and charges
   * {@code actual}. Settling a reservation again returns the first settlement.
   */
  @Transactional
  public Settlement settle(
      Reservation reservation, BigDecimal actual, Reference reference, String key) {
    return settle(reservation, actual, reference, key, UsageTags.NONE);
  }

  /** Settles a reservation, recording on its usage row what the credits were spent on. */
  @Transactional
  public Settlement settle(
      Reservation reservation, BigDecimal actual, Reference reference, String key, UsageTags tags) {
    requireNotNegative(actual);
    var account = lock(reservation.workspaceId());
    var released = ledger.forReservation(reservation.id(), "release");
    if (released.isPresent()) {
      BigDecimal charged =
          ledger
              .forReservation(reservation.id(), "usage")
              .map(r -> r.entry().amount().negate())
              .orElse(BigDecimal.ZERO);
      return new Settlement(charged, account.balance());
    }
    // Retries can make a call cost more than the one call reserved for; the excess is charged only
    // as far as free credits cover it, so the balance never goes below zero.
    // Likewise under the spending limits: what was reserved was admitted, the excess only as far as
    // the limits still have room.
    BigDecimal coverable = account.available().add(reservation.amount());
    if (actual.compareTo(reservation.amount()) > 0) {
      BigDecimal underLimits = limits.coverable(reservation.workspaceId(), account, reservation);
      if (underLimits != null) {
        coverable = coverable.min(underLimits);
      }
    }
    if (actual.compareTo(coverable) > 0) {
      log.warn(
          "Usage {} exceeds what workspace {} can cover ({}); charging {}",
          actual,
          reservation.workspaceId(),
          coverable,
          coverable);
      actual = coverable.max(BigDecimal.ZERO);
    }
    BigDecimal balance = account.balance().subtract(actual);
    ledger.change(reservation.workspaceId(), actual.negate(), reservation.amount().negate());
    ledger.insert(
        reservation.workspaceId(),
        new CreditLedger.NewEntry(
            "release",
            reservation.amount(),
            account.balance(),
            reference,
            reservation.id(),
            key + "#release",
            null,
            UsageTags.NONE));
    if (actual.signum() > 0) {
      ledger.insert(
          reservation.workspaceId(),
          new CreditLedger.NewEntry(
              "usage", actual.negate(), balance, reference, reservation.id(), key, null, tags));
      audit(reservation.workspaceId(), null, "credits.deducted", actual, balance, reference);
    }
    return new Settlement(actual, balance);
  }

  /** Gives a reservation's credits back when the work did not happen. */
  @Transactional
  public void release(Reservation reservation, Reference reference, String key) {
    settle(reservation, BigDecimal.ZERO, reference, key);
  }

  /**
   * Releases every reservation whose key starts with {@code keyPrefix} and is still open: the
   * credits held for calls of a process that died before it could settle them.
   */
  @Transactional
  public int releaseOpen(UUID workspaceId, String keyPrefix) {
    var open = ledger.openReservations(workspaceId, keyPrefix);
    for (var row : open) {
      var reservation = new Reservation(row.entry().id(), workspaceId, row.entry().amount());
      var reference =
          new Reference(
              row.entry().referenceType(), row.entry().referenceId(), "released after a restart");
      settle(reservation, BigDecimal.ZERO, reference, row.entry().id() + ":orphan");
    }
    return open.size();
  }

  /**
   * Releases reservations nobody will settle any more: open, older than {@code age}, with keys
   * starting {@code keyPrefix}, and matching {@code condition} (SQL over the reservation row {@code
   * r}, written by the caller's module, never from input). A process that dies between reserving
   * and settling would otherwise hold those credits forever.
   *
   * @return how many were released
   */
  @Transactional
  public int releaseStale(String keyPrefix, java.time.Duration age, String condition) {
    int released = 0;
    for (var stale : ledger.stale(keyPrefix, age, condition)) {
      String reservePrefix = stale.key();
      released += releaseOpen(stale.workspaceId(), reservePrefix);
    }
    return released;
  }

  /**
   * Charges a known amount at once.
   *
   * @throws InsufficientCreditsException when the available credits or a spending limit do not
   *     cover it
   */
  @Transactional
  public Settlement charge(
      UUID workspaceId, BigDecimal amount, Reference reference, String key, UUID actorId) {
    requireNotNegative(amount);
    var account = lock(workspaceId);
    var existing = ledger.byKey(workspaceId, key);
    if (existing.isPresent()) {
      return new Settlement(
          existing.get().entry().amount().negate(), existing.get().entry().balanceAfter());
    }
    if (account.available().compareTo(amount) < 0) {
      throw new InsufficientCreditsException(
          Money.normalize(account.available()), Money.normalize(amount));
    }
    limits.admit(workspaceId, account, amount);
    BigDecimal balance = account.balance().subtract(amount);
    ledger.change(workspaceId, amount.negate(), BigDecimal.ZERO);
    ledger.insert(
        workspaceId,
        new CreditLedger.NewEntry(
            "usage", amount.negate(), balance, reference, null, key, actorId, UsageTags.NONE));
    audit(workspaceId, actorId, "credits.deducted", amount, balance, reference);
    return new Settlement(amount, balance);
  }

  /** The workspace's balance, reserved and available credits. */
  @Transactional(readOnly = true)
  public Balance balance(UUID workspaceId) {
    var account =
        ledger.read(workspaceId).orElseThrow(() -> OrchestrateException.notFound("Credit account"));
    return new Balance(
        Money.normalize(account.balance()),
        Money.normalize(account.reserved()),
        Money.normalize(account.available()));
  }

  private CreditLedger.Account lock(UUID workspaceId) {
    return ledger
        .lock(workspaceId)
        .orElseThrow(() -> OrchestrateException.notFound("Credit account"));
  }

  private void audit(
      UUID workspaceId,
      UUID actorId,
      String action,
      BigDecimal amount,
      BigDecimal balance,
      Reference reference) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("amount", Money.normalize(amount));
    details.put("balance", Money.normalize(balance));
    details.put("reference_type", reference.type());
    details.put("reference_id", reference.id());
    details.put("description", reference.description());
    events.publishEvent(new AuditEvent(workspaceId, actorId, "billing", action, details));
  }

  private static void requirePositive(BigDecimal amount) {
    Objects.requireNonNull(amount, "amount");
    if (amount.signum() <= 0 || amount.stripTrailingZeros().scale() > Money.SCALE) {
      throw new IllegalArgumentException(
          "amount must be positive with at most 4 decimals: " + amount);
    }
  }

  private static void requireNotNegative(BigDecimal amount) {
    Objects.requireNonNull(amount, "amount");
    if (amount.signum() < 0 || amount.stripTrailingZeros().scale() > Money.SCALE) {
      throw new IllegalArgumentException(
          "amount must be non-negative with at most 4 decimals: " + amount);
    }
  }

  /** What a settlement or charge deducted, and the balance after it. */
  public record Settlement(BigDecimal charged, BigDecimal balance) {}

  /** A workspace's credits: the balance, what open reservations hold, and what is left to spend. */
  public record Balance(BigDecimal balance, BigDecimal reserved, BigDecimal available) {}
}
