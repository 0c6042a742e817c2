package dev.orchestrate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The verified-token memory in front of a real ES256 verifier with the service's claim checks,
 * under a clock the test moves.
 */
class CachingJwtDecoderTest {

  private static final String ISSUER = "https://orchestrate.test";

  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock =
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
        public Clock withZone(ZoneId zone) {
          return this;
        }
      };

  private final ECKey key;
  private final AtomicInteger verifications = new AtomicInteger();
  private final CachingJwtDecoder decoder;

  CachingJwtDecoderTest() throws Exception {
    key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    // Verified as TokenService verifies the service's own tokens.
    var processor = new DefaultJWTProcessor<SecurityContext>();
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            JWSAlgorithm.ES256, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()))));
    processor.setJWTClaimsSetVerifier((claims, context) -> {});
    NimbusJwtDecoder es256 = new NimbusJwtDecoder(processor);
    TokenValidation.applyTo(es256, clock, ISSUER, null);
    JwtDecoder counted =
        token -> {
          verifications.incrementAndGet();
          return es256.decode(token);
        };
    decoder = new CachingJwtDecoder(counted, clock);
  }

  @Test
  void aTokenIsVerifiedOnceWhileRemembered() throws Exception {
    String token = token(Duration.ofMinutes(15));
    Jwt first = decoder.decode(token);
    now = now.plus(CachingJwtDecoder.REMEMBERED_FOR).minusMillis(1);
    assertThat(decoder.decode(token)).isSameAs(first);
    assertThat(verifications).hasValue(1);
  }

  @Test
  void aTokenIsVerifiedAgainAfterTheRememberedTime() throws Exception {
    String token = token(Duration.ofMinutes(15));
    decoder.decode(token);
    now = now.plus(CachingJwtDecoder.REMEMBERED_FOR);
    decoder.decode(token);
    assertThat(verifications).hasValue(2);
  }

  @Test
  void anExpiredTokenIsRefusedThoughItWasRemembered() throws Exception {
    String token = token(Duration.ofSeconds(30));
    decoder.decode(token);
    // At its expiry the token is no longer answered from memory (the verifier decides, with its
    // allowance for clock skew)...
    now = now.plusSeconds(30);
    decoder.decode(token);
    assertThat(verifications).hasValue(2);
    // ...and past the allowance it is refused, remembered or not.
    now = now.plus(TokenValidation.CLOCK_SKEW).plusSeconds(1);
    assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
    assertThat(decoder.remembered()).isZero();
  }

  @Test
  void aTamperedTokenIsNeverAnsweredFromMemory() throws Exception {
    String token = token(Duration.ofMinutes(15));
    decoder.decode(token);
    String[] parts = token.split("\\.");
    String otherClaims =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                claims(Duration.ofMinutes(15))
                    .subject(UUID.randomUUID().toString())
                    .build()
                    .toString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String swappedClaims = parts[0] + "." + otherClaims + "." + parts[2];
    String otherSignature = token.substring(0, token.length() - 4) + "AAAA";
    String otherHeader =
        Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    "{\"alg\":\"ES256\",\"kid\":\"k2\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + "."
            + parts[1]
            + "."
            + parts[2];
    for (String tampered : new String[] {swappedClaims, otherSignature, otherHeader}) {
      assertThatThrownBy(() -> decoder.decode(tampered))
          .as(tampered)
          .isInstanceOf(JwtException.class);
      assertThatThrownBy(() -> decoder.decode(tampered))
          .as(tampered)
          .isInstanceOf(JwtException.class);
    }
    assertThat(verifications).hasValue(7);
  }

  @Test
  void theMemoryIsBounded() {
    var bounded =
        new CachingJwtDecoder(
            token ->
                Jwt.withTokenValue(token)
                    .header("alg", "none")
                    .subject(token)
                    .expiresAt(now.plusSeconds(3600))
                    .build(),
            clock);
    for (int i = 0; i < CachingJwtDecoder.MAX_REMEMBERED * 2 + 1; i++) {
      bounded.decode("token-" + i);
      assertThat(bounded.remembered()).isLessThanOrEqualTo(CachingJwtDecoder.MAX_REMEMBERED);
    }
  }

  private JWTClaimsSet.Builder claims(Duration lifetime) {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject(UUID.randomUUID().toString())
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(lifetime)));
  }

  private String token(Duration lifetime) throws Exception {
    var jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
            claims(lifetime).build());
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }
}
