package dev.orchestrate.auth;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.function.Supplier;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.function.SingletonSupplier;

/**
 * Picks the verifier for a token from its unverified header and issuer, then verifies it fully: our
 * own ES256 tokens, an external OpenID issuer's, or Supabase-style HS256 tokens. Routing on
 * unverified claims is safe because every route checks the signature with its own key.
 */
final class RoutingJwtDecoder implements JwtDecoder {

  private final String ownIssuer;
  private final JwtDecoder own;
  private final String externalIssuer;
  private final Supplier<JwtDecoder> external;
  private final JwtDecoder hs256;

  RoutingJwtDecoder(TokenService tokens, ExternalJwtProperties properties, Clock clock) {
    this.ownIssuer = tokens.issuer();
    this.own = tokens.decoder();
    this.externalIssuer = properties.hasIssuer() ? properties.issuerUri() : null;
    // Discovery needs the issuer to be reachable: do it on first use, not at start-up.
    this.external =
        properties.hasIssuer()
            ? SingletonSupplier.of(
                () ->
                    withValidators(
                        JwtDecoders.fromIssuerLocation(properties.issuerUri()),
                        properties,
                        properties.issuerUri(),
                        clock))
            : null;
    this.hs256 = properties.hasHs256Secret() ? hs256(properties, clock) : null;
  }

  @Override
  public Jwt decode(String token) throws JwtException {
    JWT parsed;
    try {
      parsed = JWTParser.parse(token);
    } catch (ParseException e) {
      throw new BadJwtException("Malformed token");
    }
    String issuer;
    try {
      issuer = parsed.getJWTClaimsSet().getIssuer();
    } catch (ParseException e) {
      throw new BadJwtException("Malformed token claims");
    }
    String alg = parsed.getHeader().getAlgorithm().getName();
    if (ownIssuer.equals(issuer) && "ES256".equals(alg)) {
      return own.decode(token);
    }
    if (external != null && externalIssuer.equals(issuer)) {
      return external.get().decode(token);
    }
    if (hs256 != null && "HS256".equals(alg)) {
      return hs256.decode(token);
    }
    throw new BadJwtException("Token from an issuer this service does not accept");
  }

  private static JwtDecoder hs256(ExternalJwtProperties properties, Clock clock) {
    var key =
        new SecretKeySpec(properties.hs256Secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    NimbusJwtDecoder decoder =
        NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
    return withValidators(decoder, properties, null, clock);
  }

  private static JwtDecoder withValidators(
      JwtDecoder decoder, ExternalJwtProperties properties, String issuer, Clock clock) {
    if (decoder instanceof NimbusJwtDecoder nimbus) {
      TokenValidation.applyTo(nimbus, clock, issuer, properties.audience());
    }
    return decoder;
  }
}
