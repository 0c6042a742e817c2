package dev.orchestrate.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

/** Signs this service's access tokens and verifies them. */
@Component
public class TokenService {

  private final AuthProperties properties;
  private final KeyRing keys;
  private final Clock clock;

  TokenService(AuthProperties properties, KeyRing keys, Clock clock) {
    this.properties = properties;
    this.keys = keys;
    this.clock = clock;
  }

  public AccessToken issue(UUID userId, String email) {
    Instant now = clock.instant();
    Instant expires = now.plus(properties.tokenTtl());
    var claims =
        new JWTClaimsSet.Builder()
            .issuer(properties.issuer())
            .subject(userId.toString())
            .claim("email", email)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(expires))
            .jwtID(UUID.randomUUID().toString())
            .build();
    ECKey key = keys.signingKey();
    var jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not sign a token", e);
    }
    return new AccessToken(jwt.serialize(), properties.tokenTtl().toSeconds());
  }

  String issuer() {
    return properties.issuer();
  }

  JwtDecoder decoder() {
    var processor = new DefaultJWTProcessor<SecurityContext>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
    // Spring's validators below check the claims; Nimbus' own check would duplicate them.
    processor.setJWTClaimsSetVerifier((claims, context) -> {});
    NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
    TokenValidation.applyTo(decoder, clock, properties.issuer(), null);
    return decoder;
  }

  /** A bearer token and its lifetime in seconds. */
  public record AccessToken(String value, long expiresIn) {}
}
