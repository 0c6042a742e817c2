package dev.orchestrate.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens already verified, so that a client polling with one token pays for its ES256
 * signature once rather than on every request (it was most of the CPU of a polled service). Only
 * the verification is remembered: the checks of the user behind a token ({@link
 * UserAuthenticationConverter}) still run on every request. A token is remembered until it expires
 * or for {@link #REMEMBERED_FOR}, whichever comes first, and only the exact token verified is
 * answered from memory: any other string, a tampered one included, is verified in full.
 */
final class CachingJwtDecoder implements JwtDecoder {

  /** Bounds how long a change of the verifier's keys takes to apply to a token verified before. */
  static final Duration REMEMBERED_FOR = Duration.ofSeconds(60);

  /** Bounds the memory; past it, expired entries go first, then all. */
  static final int MAX_REMEMBERED = 10_000;

  private final JwtDecoder verifier;
  private final Clock clock;
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  CachingJwtDecoder(JwtDecoder verifier, Clock clock) {
    this.verifier = verifier;
    this.clock = clock;
  }

  @Override
  public Jwt decode(String token) throws JwtException {
    Instant now = clock.instant();
    Verified known = verified.get(token);
    if (known != null) {
      if (now.isBefore(known.until())) {
        return known.jwt();
      }
      verified.remove(token, known);
    }
    Jwt jwt = verifier.decode(token);
    // Every accepted token has an expiry (TokenValidation); remember it no later than that.
    Instant until = now.plus(REMEMBERED_FOR);
    if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(until)) {
      until = jwt.getExpiresAt();
    }
    if (now.isBefore(until)) {
      makeRoom(now);
      verified.put(token, new Verified(jwt, until));
    }
    return jwt;
  }

  /** How many tokens are remembered now. */
  int remembered() {
    return verified.size();
  }

  private void makeRoom(Instant now) {
    if (verified.size() >= MAX_REMEMBERED) {
      verified.values().removeIf(v -> !now.isBefore(v.until()));
      if (verified.size() >= MAX_REMEMBERED) {
        verified.clear();
      }
    }
  }

  /** A verified token and until when it may be answered without verifying it again. */
  private record Verified(Jwt jwt, Instant until) {}
}
