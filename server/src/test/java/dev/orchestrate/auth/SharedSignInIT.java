package dev.orchestrate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.orchestrate.support.Api;
import dev.orchestrate.support.ExternalPostgres;
import dev.orchestrate.support.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances on one PostgreSQL, each with its own data dir and no configured key, behind one
 * load balancer as far as clients know: a token from either is good on both, before and after a
 * rotation, and a token no instance published a key for is good on neither.
 */
class SharedSignInIT {

  private static final String PASSWORD = "correct horse battery";

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  private static ExternalPostgres postgres;
  private static ServiceProcess a;
  private static ServiceProcess b;

  @BeforeAll
  static void startTwoInstancesOnOneDatabase() throws Exception {
    postgres = ExternalPostgres.start();
    String url = postgres.createDatabase("shared_sign_in");
    // a rotates every few seconds, so the test sees a rotation; b keeps the default of 30 days.
    a = launch("a", url, Map.of("orchestrate.auth.key-rotation", "3s")).awaitHealthy();
    b = launch("b", url, Map.of()).awaitHealthy();
  }

  @AfterAll
  static void stopEverything() throws Exception {
    for (var instance : new ServiceProcess[] {a, b}) {
      if (instance != null) {
        instance.close();
      }
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void aTokenFromEitherInstanceIsGoodOnBoth() {
    Api.Session onA = a.api().signUp();
    String fromB = login(b, onA.email());

    assertThat(me(b, onA.token())).isEqualTo(200);
    assertThat(me(a, fromB)).isEqualTo(200);
    assertThat(kid(onA.token())).isNotEqualTo(kid(fromB));
  }

  @Test
  void tokensSignedBeforeARotationStayGoodOnBothUntilTheyExpire() {
    Api.Session user = a.api().signUp();
    String before = user.token();

    String after =
        await("a rotates its signing key")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> login(a, user.email()), token -> !kid(token).equals(kid(before)));

    assertThat(me(a, before)).isEqualTo(200);
    assertThat(me(b, before)).isEqualTo(200);
    assertThat(me(a, after)).isEqualTo(200);
    assertThat(me(b, after)).isEqualTo(200);
  }

  @Test
  void aTokenSignedByAKeyNoInstancePublishedIsRefusedByBoth() throws Exception {
    Api.Session user = a.api().signUp();
    ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
    ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(kid(user.token())).generate();

    for (ECKey key : new ECKey[] {stranger, impostor}) {
      String forged = sign(key, user.userId());
      assertThat(me(a, forged)).as("kid %s on a", key.getKeyID()).isEqualTo(401);
      assertThat(me(b, forged)).as("kid %s on b", key.getKeyID()).isEqualTo(401);
    }
  }

  private static ServiceProcess launch(String name, String url, Map<String, String> extra) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spring.profiles.active", "test");
    settings.put("orchestrate.data-dir", dir.resolve("data-" + name).toString());
    settings.putAll(ExternalPostgres.settings(url));
    settings.put("orchestrate.engine.enabled", "false");
    settings.putAll(extra);
    return ServiceProcess.launch(name, settings, dir);
  }

  private static String login(ServiceProcess instance, String email) {
    var response =
        instance.api().post("/api/auth/login", null, Map.of("email", email, "password", PASSWORD));
    assertThat(response.status()).as(response.raw()).isEqualTo(200);
    return response.body().get("access_token").asString();
  }

  private static int me(ServiceProcess instance, String token) {
    return instance.api().get("/api/me", token).status();
  }

  private static String kid(String token) {
    try {
      return SignedJWT.parse(token).getHeader().getKeyID();
    } catch (java.text.ParseException e) {
      throw new AssertionError(e);
    }
  }

  /** A token like the service's own, with every claim right, signed by {@code key}. */
  private static String sign(ECKey key, UUID userId) throws Exception {
    Instant now = Instant.now();
    var claims =
        new JWTClaimsSet.Builder()
            .issuer("orchestrate")
            .subject(userId.toString())
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(600)))
            .jwtID(UUID.randomUUID().toString())
            .build();
    var jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }
}
