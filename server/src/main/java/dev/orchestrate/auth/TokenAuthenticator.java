package dev.orchestrate.auth;

import java.util.Optional;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/**
 * Verifies a bearer token outside Spring Security's filter chain: WebSocket handshakes carry it in
 * the query or the subprotocol, and must answer with close codes rather than HTTP statuses.
 */
@Component
public class TokenAuthenticator {

  private final JwtDecoder decoder;
  private final UserAuthenticationConverter users;

  TokenAuthenticator(JwtDecoder decoder, UserAuthenticationConverter users) {
    this.decoder = decoder;
    this.users = users;
  }

  /** The user of a valid token; empty for a missing, expired or forged one. */
  public Optional<AuthenticatedUser> authenticate(String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    try {
      var authentication = users.convert(decoder.decode(token));
      return Optional.of((AuthenticatedUser) authentication.getPrincipal());
    } catch (JwtException | AuthenticationException e) {
      return Optional.empty();
    }
  }
}
