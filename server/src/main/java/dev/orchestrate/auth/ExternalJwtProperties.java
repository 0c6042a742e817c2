package dev.orchestrate.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Tokens from outside issuers that the service also accepts ({@code ORCHESTRATE_JWT_*}).
 *
 * @param issuerUri an OpenID Connect issuer (Supabase Auth, Google, Keycloak …), whose keys are
 *     discovered from its metadata
 * @param hs256Secret the shared secret of Supabase-style HS256 tokens
 * @param audience when set, external tokens must name it in {@code aud}
 */
@ConfigurationProperties("orchestrate.jwt")
public record ExternalJwtProperties(String issuerUri, String hs256Secret, String audience) {

  boolean hasIssuer() {
    return issuerUri != null && !issuerUri.isBlank();
  }

  boolean hasHs256Secret() {
    return hs256Secret != null && !hs256Secret.isBlank();
  }
}
