package dev.orchestrate.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.orchestrate.auth.AuthProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Test fixture: tokens signed with the service's own key (as after a key leak or a bug elsewhere)
 * or with the configured HS256 secret, carrying whatever claims a test needs.
 */
public final class Tokens {

  /** The HS256 secret of {@code application-test.yml}. */
  public static final String HS256_SECRET = "test-supabase-jwt-secret-with-at-least-32-bytes!!";

  private final ECKey key;
  private final String issuer;

  private Tokens(ECKey key, String issuer) {
    this.key = key;
    this.issuer = issuer;
  }

  /** The key the service under test signs with: configured, or the file it generated. */
  public static Tokens of(AuthProperties properties) {
    try {
      String jwk =
          properties.signingKey() != null && !properties.signingKey().isBlank()
              ? properties.signingKey()
              : Files.readString(properties.signingKeyFile());
      return new Tokens(ECKey.parse(jwk), properties.issuer());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The claims of a token the service itself would issue to {@code userId} now. */
  public JWTClaimsSet.Builder claims(UUID userId) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject(userId.toString())
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(600)))
        .jwtID(UUID.randomUUID().toString());
  }

  /** Signed with the service's own ES256 key. */
  public String sign(JWTClaimsSet claims) {
    try {
      var jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
      jwt.sign(new ECDSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signed with the external HS256 secret, as a Supabase-style issuer would. */
  public static String signHs256(JWTClaimsSet claims) {
    try {
      var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
      jwt.sign(new MACSigner(HS256_SECRET));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Supabase-style token for {@code email} that expired an hour ago, its signature good. */
  public static String expiredHs256(String email) {
    return signHs256(
        new JWTClaimsSet.Builder()
            .subject(java.util.UUID.randomUUID().toString())
            .claim("email", email)
            .expirationTime(java.util.Date.from(java.time.Instant.now().minusSeconds(3600)))
            .build());
  }
}
