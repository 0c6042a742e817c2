package dev.orchestrate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.orchestrate.support.ServiceTest;
import dev.orchestrate.support.Tokens;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuthIT extends ServiceTest {

  private static final String HS256_SECRET = Tokens.HS256_SECRET;

  @Test
  void signUpCreatesTheUserTheirWorkspaceAndAToken() {
    var r =
        api.post(
            "/api/auth/signup",
            null,
            Map.of(
                "email",
                "  Kim.Minsu+" + UUID.randomUUID() + "@Example.COM ",
                "password",
                "s3cret-pass",
                "name",
                "김민수"));

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.body().get("user").get("email").asString())
        .startsWith("kim.minsu+")
        .endsWith("@example.com");
    assertThat(r.body().get("user").get("name").asString()).isEqualTo("김민수");
    assertThat(r.body().get("user").has("password_hash")).isFalse();
    assertThat(r.body().get("workspace").get("role").asString()).isEqualTo("owner");
    assertThat(r.body().get("token_type").asString()).isEqualTo("Bearer");
    assertThat(r.body().get("expires_in").asLong()).isPositive();

    var me = api.get("/api/me", r.body().get("access_token").asString());
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.body().get("user").get("id")).isEqualTo(r.body().get("user").get("id"));
    assertThat(me.body().get("workspaces")).hasSize(1);
    assertThat(me.body().get("workspaces").get(0).get("role").asString()).isEqualTo("owner");
    assertThat(me.body().get("workspaces").get(0).get("id"))
        .isEqualTo(r.body().get("workspace").get("id"));
  }

  @Test
  void thePersonalWorkspaceIsNamedInTheLanguageTheBrowserAsksFor() {
    assertThat(workspaceNameOnSignUp("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "김민수"))
        .isEqualTo("김민수의 워크스페이스");
    assertThat(workspaceNameOnSignUp("ko", "Minsu")).isEqualTo("Minsu의 워크스페이스");
    assertThat(workspaceNameOnSignUp("en-US,en;q=0.9,ko;q=0.8", "김민수"))
        .isEqualTo("김민수's workspace");
    // Weights, not order, decide; Konkani (kok) is not Korean; no header is English.
    assertThat(workspaceNameOnSignUp("en;q=0.5,ko;q=0.9", "Jane")).isEqualTo("Jane의 워크스페이스");
    assertThat(workspaceNameOnSignUp("kok", "Jane")).isEqualTo("Jane's workspace");
    assertThat(workspaceNameOnSignUp(null, "Jane")).isEqualTo("Jane's workspace");
  }

  private String workspaceNameOnSignUp(String acceptLanguage, String name) {
    var body =
        Map.of(
            "email",
            "lang-" + UUID.randomUUID() + "@example.com",
            "password",
            "s3cret-pass",
            "name",
            name);
    var r =
        acceptLanguage == null
            ? api.post("/api/auth/signup", null, body)
            : api.postWithHeaders(
                "/api/auth/signup", null, body, Map.of("Accept-Language", acceptLanguage));
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    return r.body().get("workspace").get("name").asString();
  }

  @Test
  void withoutAnOidcClientThereIsNoSignInButton() {
    var providers = api.get("/api/auth/providers", null);
    assertThat(providers.status()).isEqualTo(200);
    assertThat(providers.body().get("providers")).isEmpty();
    assertThat(api.get("/api/auth/oidc/start", null).status()).isEqualTo(404);
  }

  @Test
  void signingUpTwiceWithOneEmailIsAConflict() {
    var user = api.signUp();
    var again =
        api.post(
            "/api/auth/signup",
            null,
            Map.of("email", user.email().toUpperCase(), "password", "another-pass"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.contentType()).startsWith("application/problem+json");
  }

  @Test
  void signUpListsEveryInvalidField() {
    var r =
        api.post("/api/auth/signup", null, Map.of("email", "not-an-email", "password", "short"));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.body().get("errors").findValuesAsString("path")).contains("email", "password");
  }

  @Test
  void loginAnswersATokenThatWorks() {
    var user = api.signUp();
    var login =
        api.post(
            "/api/auth/login",
            null,
            Map.of("email", user.email(), "password", "correct horse battery"));

    assertThat(login.status()).isEqualTo(200);
    assertThat(login.body().get("user").get("id").asString()).isEqualTo(user.userId().toString());
    assertThat(api.get("/api/me", login.body().get("access_token").asString()).status())
        .isEqualTo(200);
  }

  @Test
  void aWrongPasswordAndAnUnknownEmailGetTheSameAnswer() {
    var user = api.signUp();
    var wrongPassword =
        api.post(
            "/api/auth/login", null, Map.of("email", user.email(), "password", "wrong password"));
    var unknownEmail =
        api.post(
            "/api/auth/login",
            null,
            Map.of(
                "email",
                "nobody-" + UUID.randomUUID() + "@example.com",
                "password",
                "wrong password"));

    assertThat(wrongPassword.status()).isEqualTo(401);
    assertThat(unknownEmail.status()).isEqualTo(401);
    assertThat(wrongPassword.body().get("detail")).isEqualTo(unknownEmail.body().get("detail"));
  }

  @Test
  void repeatedFailedLoginsForOneEmailAreRateLimited() {
    var user = api.signUp();
    for (int i = 0; i < 5; i++) {
      assertThat(
              api.post(
                      "/api/auth/login",
                      null,
                      Map.of("email", user.email(), "password", "guess " + i))
                  .status())
          .isEqualTo(401);
    }
    var limited =
        api.post(
            "/api/auth/login",
            null,
            Map.of("email", user.email(), "password", "correct horse battery"));

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
        .isPositive();
  }

  @Test
  void requestsWithoutAValidTokenAreRefused() throws Exception {
    var user = api.signUp();
    var otherKey = new ECKeyGenerator(Curve.P_256).keyID("attacker").generate();
    var forged =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("attacker").build(),
            claims(user.userId(), Instant.now().plusSeconds(600)));
    forged.sign(new ECDSASigner(otherKey));
    String unsigned =
        new PlainJWT(claims(user.userId(), Instant.now().plusSeconds(600))).serialize();
    String tampered = user.token().substring(0, user.token().length() - 4) + "AAAA";

    for (String token : new String[] {null, "garbage", forged.serialize(), unsigned, tampered}) {
      var r = api.get("/api/me", token);
      assertThat(r.status()).as("token %s", token).isEqualTo(401);
      assertThat(r.contentType()).startsWith("application/problem+json");
    }
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    var user = api.signUp();
    // Signed with the HS256 secret the test configuration accepts, but long expired.
    String expired = Tokens.expiredHs256(user.email());
    assertThat(api.get("/api/me", expired).status()).isEqualTo(401);
  }

  @Test
  void aSupabaseTokenSignsInTheUserWithThatEmail() throws Exception {
    String email = "supabase-" + UUID.randomUUID() + "@example.com";
    String token = supabaseToken(UUID.randomUUID().toString(), email);

    var me = api.get("/api/me", token);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.body().get("user").get("email").asString()).isEqualTo(email);
    assertThat(me.body().get("workspaces")).hasSize(1);
    // The same identity again is the same user, not a second one.
    assertThat(api.get("/api/me", token).body().get("user").get("id"))
        .isEqualTo(me.body().get("user").get("id"));
  }

  @Test
  void aSupabaseTokenMatchesAnExistingUserByEmail() throws Exception {
    var user = api.signUp();
    var me = api.get("/api/me", supabaseToken(UUID.randomUUID().toString(), user.email()));
    assertThat(me.body().get("user").get("id").asString()).isEqualTo(user.userId().toString());
  }

  @Test
  void anExternalTokenWithAnUnverifiedEmailIsRefused() throws Exception {
    var token =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .subject(UUID.randomUUID().toString())
                .claim("email", "unverified-" + UUID.randomUUID() + "@example.com")
                .claim("email_verified", false)
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build());
    token.sign(new MACSigner(HS256_SECRET));
    assertThat(api.get("/api/me", token.serialize()).status()).isEqualTo(401);
  }

  private static String supabaseToken(String subject, String email) throws Exception {
    var token =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .issuer("https://project.supabase.co/auth/v1")
                .subject(subject)
                .audience("authenticated")
                .claim("email", email)
                .claim("role", "authenticated")
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build());
    token.sign(new MACSigner(HS256_SECRET));
    return token.serialize();
  }

  private static JWTClaimsSet claims(UUID userId, Instant expires) {
    return new JWTClaimsSet.Builder()
        .issuer("orchestrate")
        .subject(userId.toString())
        .expirationTime(Date.from(expires))
        .build();
  }
}
