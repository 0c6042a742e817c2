package dev.orchestrate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.orchestrate.support.Api.Response;
import dev.orchestrate.support.ServiceTest;
import dev.orchestrate.support.Tokens;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A token signed with the right key is still refused when its claims are wrong: no expiry, issued
 * or valid only in the future, or naming a user who does not exist. Every refusal is a 401 with a
 * {@code WWW-Authenticate: Bearer} challenge (RFC 6750).
 */
class TokenClaimsIT extends ServiceTest {

  private static final long DAY = 24 * 3600;

  @Autowired private AuthProperties properties;
  private Tokens tokens;

  @BeforeEach
  void serviceKey() {
    tokens = Tokens.of(properties);
  }

  @Test
  void aTokenAsTheServiceIssuesItIsAccepted() {
    var user = api.signUp();
    String token = tokens.sign(tokens.claims(user.userId()).build());

    assertThat(api.get("/api/workspaces", token).status()).isEqualTo(200);
  }

  @Test
  void aTokenWithoutExpiryIsRefused() {
    var user = api.signUp();
    String token = tokens.sign(tokens.claims(user.userId()).expirationTime(null).build());

    assertRefusedToken(api.get("/api/workspaces", token));
    assertRefusedToken(api.get("/api/me", token));
  }

  @Test
  void aTokenIssuedInTheFutureIsRefused() {
    var user = api.signUp();
    Instant tomorrow = Instant.now().plusSeconds(DAY);
    String token =
        tokens.sign(
            tokens
                .claims(user.userId())
                .issueTime(Date.from(tomorrow))
                .expirationTime(Date.from(tomorrow.plusSeconds(600)))
                .build());

    assertRefusedToken(api.get("/api/workspaces", token));
  }

  @Test
  void aTokenNotYetValidIsRefused() {
    var user = api.signUp();
    String token =
        tokens.sign(
            tokens
                .claims(user.userId())
                .notBeforeTime(Date.from(Instant.now().plusSeconds(DAY)))
                .build());

    assertRefusedToken(api.get("/api/workspaces", token));
  }

  @Test
  void clocksAFewSecondsApartAreTolerated() {
    var user = api.signUp();
    Date soon = Date.from(Instant.now().plusSeconds(20));
    String token =
        tokens.sign(tokens.claims(user.userId()).issueTime(soon).notBeforeTime(soon).build());

    assertThat(api.get("/api/workspaces", token).status()).isEqualTo(200);
  }

  @Test
  void aTokenForAUserWhoDoesNotExistIsRefusedEverywhere() {
    String token = tokens.sign(tokens.claims(UUID.randomUUID()).build());

    assertRefusedToken(api.get("/api/workspaces", token));
    assertRefusedToken(api.post("/api/workspaces", token, Map.of("name", "Ghost")));
    assertRefusedToken(api.get("/api/me", token));
    assertRefusedToken(api.get("/orchestrate/executions/" + UUID.randomUUID() + "/events", token));
  }

  @Test
  void externalTokensMustExpireAndNotBeIssuedInTheFuture() {
    String email = "external-" + UUID.randomUUID() + "@example.com";
    JWTClaimsSet.Builder valid =
        new JWTClaimsSet.Builder()
            .issuer("https://project.supabase.co/auth/v1")
            .subject(UUID.randomUUID().toString())
            .claim("email", email)
            .issueTime(new Date())
            .expirationTime(Date.from(Instant.now().plusSeconds(600)));

    assertThat(api.get("/api/me", Tokens.signHs256(valid.build())).status()).isEqualTo(200);
    assertRefusedToken(api.get("/api/me", Tokens.signHs256(valid.expirationTime(null).build())));
    assertRefusedToken(
        api.get(
            "/api/me",
            Tokens.signHs256(
                valid
                    .issueTime(Date.from(Instant.now().plusSeconds(DAY)))
                    .expirationTime(Date.from(Instant.now().plusSeconds(DAY + 600)))
                    .build())));
  }

  @Test
  void aRequestWithoutATokenIsChallengedWithoutAnError() {
    for (Response r :
        List.of(
            api.get("/api/workspaces", null),
            api.get("/orchestrate/executions/" + UUID.randomUUID() + "/events", null))) {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly("Bearer");
    }
  }

  @Test
  void aFailedLoginIsChallengedToo() {
    var user = api.signUp();
    Response r =
        api.post("/api/auth/login", null, Map.of("email", user.email(), "password", "wrong one"));

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
  }

  @Test
  void aForgedOrMalformedTokenIsChallengedAsInvalid() {
    for (String token :
        List.of("garbage", "a.b.c", tokens.sign(tokens.claims(UUID.randomUUID()).build()) + "x")) {
      assertRefusedToken(api.get("/api/me", token));
    }
  }

  /** 401 problem+json with an RFC 6750 challenge naming an invalid token. */
  private static void assertRefusedToken(Response r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.headers().allValues("WWW-Authenticate"))
        .as(r.toString())
        .singleElement()
        .satisfies(
            challenge ->
                assertThat(challenge).startsWith("Bearer ").contains("error=\"invalid_token\""));
  }
}
