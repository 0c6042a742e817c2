package dev.orchestrate.auth;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sign-in button ("Google로 계속하기"): the service signs people in at an OpenID Connect issuer with
 * the authorization-code flow and PKCE, as a confidential client ({@code ORCHESTRATE_OIDC_*}).
 *
 * @param issuerUri the issuer; {@code ORCHESTRATE_JWT_ISSUER_URI} when not set, so one setting
 *     serves both the issuer's bearer tokens and the button
 * @param clientId the client id registered at the issuer; ID tokens must name it in {@code aud}
 * @param clientSecret the client's secret, sent to the token endpoint only
 * @param name what the button calls the issuer
 * @param redirectUri the callback registered at the issuer; when blank, {@code
 *     /api/auth/oidc/callback} on the address the browser used (behind a TLS proxy, set it or
 *     {@code ORCHESTRATE_FORWARD_HEADERS_STRATEGY})
 */
@ConfigurationProperties("orchestrate.oidc")
public record OidcProperties(
    String issuerUri,
    String clientId,
    String clientSecret,
    @DefaultValue("Google") String name,
    URI redirectUri) {

  /** The button shows only when the service can complete the flow. */
  boolean enabled() {
    return present(issuerUri) && present(clientId) && present(clientSecret);
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
