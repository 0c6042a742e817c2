package dev.orchestrate.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * What a sign-in at the OpenID issuer must remember between leaving and coming back (state, nonce,
 * PKCE verifier), kept in the browser that started it as a short-lived cookie signed with the
 * deployment's token keys: any instance can check it, none has to store it. It is no access token:
 * its own {@code iss} and {@code typ} keep the bearer-token decoder from taking it.
 */
@Component
class OidcLoginState {

  /** How long the user has at the issuer. */
  static final Duration LIFETIME = Duration.ofMinutes(10);

  private static final String ISSUER = "orchestrate/oidc-login";
  private static final JOSEObjectType TYPE = new JOSEObjectType("oidc-login+jwt");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyRing keys;
  private final Clock clock;

  OidcLoginState(KeyRing keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * A fresh login: 256 random bits each for state, nonce and the PKCE verifier.
   *
   * @param language the web app's language, or null to go by the browser's on return
   */
  Login start(Locale language) {
    return new Login(random(), random(), random(), language);
  }

  /** The cookie value that carries {@code login}. */
  String seal(Login login) {
    Instant now = clock.instant();
    var claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(LIFETIME)))
            .claim("state", login.state())
            .claim("nonce", login.nonce())
            .claim("verifier", login.codeVerifier())
            .claim("lang", login.language() == null ? null : login.language().getLanguage())
            .build();
    ECKey key = keys.signingKey();
    var jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(TYPE).build(),
            claims);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not sign the login state", e);
    }
    return jwt.serialize();
  }

  /** The login the cookie carries, if its signature is the deployment's and it has not expired. */
  Optional<Login> open(String cookie) {
    if (cookie == null || cookie.isBlank()) {
      return Optional.empty();
    }
    var processor = new DefaultJWTProcessor<SecurityContext>();
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TYPE));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
    var verifier =
        new DefaultJWTClaimsVerifier<SecurityContext>(
            new JWTClaimsSet.Builder().issuer(ISSUER).build(),
            Set.of("exp", "state", "nonce", "verifier")) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }
        };
    verifier.setMaxClockSkew(0);
    processor.setJWTClaimsSetVerifier(verifier);
    try {
      JWTClaimsSet claims = processor.process(SignedJWT.parse(cookie), null);
      String lang = claims.getStringClaim("lang");
      return Optional.of(
          new Login(
              claims.getStringClaim("state"),
              claims.getStringClaim("nonce"),
              claims.getStringClaim("verifier"),
              lang == null ? null : Locale.forLanguageTag(lang)));
    } catch (ParseException | BadJOSEException | JOSEException e) {
      return Optional.empty();
    }
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** One sign-in in flight. */
  record Login(String state, String nonce, String codeVerifier, Locale language) {}
}
