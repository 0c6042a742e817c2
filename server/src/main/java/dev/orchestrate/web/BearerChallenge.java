package dev.orchestrate.web;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

/**
 * The {@code WWW-Authenticate} challenge of a 401 (RFC 6750, section 3): a bare {@code Bearer} when
 * no token came, {@code error="invalid_token"} when one came and was refused. The description is
 * one fixed sentence: why a token failed is for the log, not for whoever holds it.
 */
final class BearerChallenge {

  /** The challenge when nothing more specific applies, e.g. a failed password login. */
  static final String BARE = "Bearer";

  static final String INVALID_TOKEN =
      "Bearer error=\"invalid_token\", error_description=\"The access token is malformed, expired,"
          + " not yet valid, not ours, or names no user\"";

  private BearerChallenge() {}

  static String of(AuthenticationException e) {
    return e instanceof OAuth2AuthenticationException ? INVALID_TOKEN : BARE;
  }
}
