package dev.orchestrate.auth;

import dev.orchestrate.workspace.Users;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.stereotype.Component;

/**
 * Turns a verified token into the user it stands for. An external issuer's user is matched by
 * (issuer, subject), else by verified email, else created with a personal workspace.
 */
@Component
class UserAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

  private final AuthProperties properties;
  private final ExternalUsers externalUsers;
  private final KnownUsers knownUsers;

  UserAuthenticationConverter(
      AuthProperties properties, ExternalUsers externalUsers, KnownUsers knownUsers) {
    this.properties = properties;
    this.externalUsers = externalUsers;
    this.knownUsers = knownUsers;
  }

  @Override
  public AbstractAuthenticationToken convert(Jwt jwt) {
    AuthenticatedUser user =
        properties.issuer().equals(jwt.getClaimAsString("iss")) ? ownUser(jwt) : externalUser(jwt);
    return UsernamePasswordAuthenticationToken.authenticated(user, jwt, List.of());
  }

  private AuthenticatedUser ownUser(Jwt jwt) {
    UUID id;
    try {
      id = UUID.fromString(jwt.getSubject());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidBearerTokenException("Token subject is not a user id");
    }
    // A good signature does not make a person: the token may outlive its user, or have been
    // minted for no one (a leaked key, a bug), and then every foreign key to users would fail.
    if (!knownUsers.exists(id)) {
      throw new InvalidBearerTokenException("The token's user does not exist");
    }
    return new AuthenticatedUser(id, jwt.getClaimAsString("email"));
  }

  private AuthenticatedUser externalUser(Jwt jwt) {
    String issuer = jwt.getClaimAsString("iss") == null ? "hs256" : jwt.getClaimAsString("iss");
    String subject = jwt.getSubject();
    String email = jwt.getClaimAsString("email");
    if (subject == null || email == null || email.isBlank()) {
      throw new InvalidBearerTokenException("External token needs 'sub' and 'email'");
    }
    if (explicitlyUnverified(jwt)) {
      throw new InvalidBearerTokenException("External token's email is not verified");
    }
    UUID id =
        externalUsers.resolve(
            issuer, subject, email, jwt.getClaimAsString("name"), java.util.Locale.ENGLISH);
    return new AuthenticatedUser(id, Users.normaliseEmail(email));
  }

  /**
   * OpenID providers send {@code email_verified}; Supabase puts it in {@code user_metadata}. A
   * token that says false is refused; one that says nothing is trusted, as its issuer is.
   */
  private static boolean explicitlyUnverified(Jwt jwt) {
    Object verified = jwt.getClaims().get("email_verified");
    if (verified == null && jwt.getClaims().get("user_metadata") instanceof Map<?, ?> metadata) {
      verified = metadata.get("email_verified");
    }
    return verified != null && !Boolean.parseBoolean(verified.toString());
  }
}
