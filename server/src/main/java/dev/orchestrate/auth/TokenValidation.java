package dev.orchestrate.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The claim checks every token passes, ours and external issuers' alike, after its signature: it
 * must expire, and must be neither issued nor valid only in the future. Without {@code exp} a token
 * (or a leaked signing key's forgery) would be good forever.
 */
final class TokenValidation {

  /** How far the issuer's clock and ours may disagree. */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  private TokenValidation() {}

  /**
   * Makes {@code decoder} check the claims of every token it decodes.
   *
   * @param issuer the required {@code iss}, or null for issuers that leave it out
   * @param audience the required {@code aud} entry, or null/blank for none
   */
  static void applyTo(NimbusJwtDecoder decoder, Clock clock, String issuer, String audience) {
    decoder.setClaimSetConverter(withoutInventedIssuedAt());
    decoder.setJwtValidator(validator(clock, issuer, audience));
  }

  private static OAuth2TokenValidator<Jwt> validator(Clock clock, String issuer, String audience) {
    var timestamps = new JwtTimestampValidator(CLOCK_SKEW);
    timestamps.setAllowEmptyExpiryClaim(false);
    timestamps.setClock(clock);
    List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
    validators.add(timestamps);
    validators.add(notIssuedInTheFuture(clock));
    if (issuer != null) {
      validators.add(new JwtIssuerValidator(issuer));
    }
    if (audience != null && !audience.isBlank()) {
      validators.add(
          new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(audience)));
    }
    return JwtValidators.createDefaultWithValidators(validators);
  }

  /**
   * Spring's claim mapping gives a token without {@code iat} one (its expiry less a second), which
   * would make every such token look issued in the future; only a token's own {@code iat} counts.
   */
  private static Converter<Map<String, Object>, Map<String, Object>> withoutInventedIssuedAt() {
    var defaults = MappedJwtClaimSetConverter.withDefaults(Map.of());
    return claims -> {
      Map<String, Object> mapped = defaults.convert(claims);
      if (claims.containsKey(JwtClaimNames.IAT) || mapped == null) {
        return mapped;
      }
      Map<String, Object> withoutIssuedAt = new LinkedHashMap<>(mapped);
      withoutIssuedAt.remove(JwtClaimNames.IAT);
      return withoutIssuedAt;
    };
  }

  /**
   * Spring's own {@code iat} validator also refuses tokens older than the skew (it is made for
   * one-time proofs), so access tokens get this one-sided check instead.
   */
  private static OAuth2TokenValidator<Jwt> notIssuedInTheFuture(Clock clock) {
    return jwt -> {
      Instant issuedAt = jwt.getIssuedAt();
      if (issuedAt != null && issuedAt.isAfter(clock.instant().plus(CLOCK_SKEW))) {
        return OAuth2TokenValidatorResult.failure(
            new OAuth2Error(
                OAuth2ErrorCodes.INVALID_TOKEN, "The token is issued in the future", null));
      }
      return OAuth2TokenValidatorResult.success();
    };
  }
}
