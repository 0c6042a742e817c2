package dev.orchestrate.auth;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.workspace.Users;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Whether the user a verified token names exists. Asking PostgreSQL costs about as much as a tenth
 * of a small request, so a user found is remembered for {@link #REMEMBERED_FOR}: a user deleted
 * meanwhile stays signed in at most that long. A user not found is asked about again every time.
 */
@Component
class KnownUsers {

  /** How long a user found stays known without asking again. */
  static final Duration REMEMBERED_FOR = Duration.ofSeconds(10);

  /** Bounds the memory of a service with many active users; past it, stale entries go first. */
  static final int MAX_REMEMBERED = 10_000;

  private final Predicate<UUID> lookup;
  private final Clock clock;
  private final Map<UUID, Instant> knownUntil = new ConcurrentHashMap<>();

  @Autowired
  KnownUsers(Users users, Tenancy tenancy, Clock clock) {
    this(
        id -> tenancy.inSystemTransaction("token user", () -> users.findById(id).isPresent()),
        clock);
  }

  KnownUsers(Predicate<UUID> lookup, Clock clock) {
    this.lookup = lookup;
    this.clock = clock;
  }

  boolean exists(UUID userId) {
    Instant now = clock.instant();
    Instant until = knownUntil.get(userId);
    if (until != null && now.isBefore(until)) {
      return true;
    }
    if (!lookup.test(userId)) {
      knownUntil.remove(userId);
      return false;
    }
    if (knownUntil.size() >= MAX_REMEMBERED) {
      knownUntil.values().removeIf(expiry -> !now.isBefore(expiry));
      if (knownUntil.size() >= MAX_REMEMBERED) {
        knownUntil.clear();
      }
    }
    knownUntil.put(userId, now.plus(REMEMBERED_FOR));
    return true;
  }

  /** How many users are remembered now. */
  int remembered() {
    return knownUntil.size();
  }
}
