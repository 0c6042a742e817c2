package dev.orchestrate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.ServiceTest;
import dev.orchestrate.support.Tokens;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Remembering verified tokens does not keep a deleted user signed in longer than before: the user
 * is still looked up (and remembered for {@link KnownUsers#REMEMBERED_FOR} only), whatever the
 * token memory holds.
 */
class TokenCacheIT extends ServiceTest {

  @Autowired private AuthProperties properties;
  @Autowired private Tenancy tenancy;

  @Test
  void aDeletedUsersTokenIsRefusedAsBefore() {
    UUID userId = UUID.randomUUID();
    tenancy.inSystemTransaction(
        "test creates a user",
        () ->
            jdbc.sql("INSERT INTO users (id, email) VALUES (?, ?)")
                .params(userId, "cached-" + userId + "@example.com")
                .update());
    var tokens = Tokens.of(properties);
    String token = tokens.sign(tokens.claims(userId).claim("email", "x@example.com").build());
    assertThat(api.get("/api/me", token).status()).isEqualTo(200);
    assertThat(api.get("/api/me", token).status()).isEqualTo(200);

    tenancy.inSystemTransaction(
        "test deletes the user",
        () -> jdbc.sql("DELETE FROM users WHERE id = ?").param(userId).update());
    await()
        .atMost(KnownUsers.REMEMBERED_FOR.plus(Duration.ofSeconds(5)))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> api.get("/api/me", token).status() == 401);
  }
}
