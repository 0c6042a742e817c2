package dev.orchestrate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KnownUsersTest {

  private final Set<UUID> stored = new HashSet<>();
  private final AtomicInteger lookups = new AtomicInteger();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final KnownUsers known =
      new KnownUsers(
          id -> {
            lookups.incrementAndGet();
            return stored.contains(id);
          },
          new Clock() {
            @Override
            public Instant instant() {
              return now;
            }

            @Override
            public ZoneOffset getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
              return this;
            }
          });

  @Test
  void aUserWhoDoesNotExistIsUnknownAndAskedAboutEveryTime() {
    UUID nobody = UUID.randomUUID();
    assertThat(known.exists(nobody)).isFalse();
    assertThat(known.exists(nobody)).isFalse();
    assertThat(lookups).hasValue(2);
  }

  @Test
  void aUserFoundIsRememberedBriefly() {
    UUID user = UUID.randomUUID();
    stored.add(user);
    assertThat(known.exists(user)).isTrue();
    now = now.plus(KnownUsers.REMEMBERED_FOR).minusMillis(1);
    assertThat(known.exists(user)).isTrue();
    assertThat(lookups).hasValue(1);
  }

  @Test
  void aDeletedUserIsUnknownOnceTheMemoryOfThemLapses() {
    UUID user = UUID.randomUUID();
    stored.add(user);
    assertThat(known.exists(user)).isTrue();
    stored.remove(user);
    now = now.plus(KnownUsers.REMEMBERED_FOR);
    assertThat(known.exists(user)).isFalse();
  }

  @Test
  void manyUsersDoNotGrowTheMemoryPastItsBound() {
    for (int i = 0; i < KnownUsers.MAX_REMEMBERED * 2 + 1; i++) {
      UUID user = UUID.randomUUID();
      stored.add(user);
      assertThat(known.exists(user)).isTrue();
      assertThat(known.remembered()).isLessThanOrEqualTo(KnownUsers.MAX_REMEMBERED);
    }
  }
}
