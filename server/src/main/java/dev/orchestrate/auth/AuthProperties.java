package dev.orchestrate.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in settings ({@code ORCHESTRATE_AUTH_*}).
 *
 * @param tokenTtl how long an access token is valid
 * @param issuer the {@code iss} of the tokens this service signs
 * @param signingKey the token signing key as a JWK (JSON), for several instances sharing one; when
 *     blank, {@code signingKeyFile} is used and created on first start
 * @param signingKeyFile where the generated signing key is kept (mode 0600)
 * @param keyRotation how long a generated signing key signs before a new one replaces it; the old
 *     one verifies until the last token it signed has expired (a configured key never rotates)
 * @param loginFailuresPerEmail failed logins allowed per email within {@code loginWindow}
 * @param loginFailuresPerAddress failed logins allowed per client address within {@code
 *     loginWindow}
 * @param loginWindow the window of both login limits
 * @param signupsPerAddress sign-ups allowed per client address within an hour
 * @param adminEmails the deployment's admins ({@code ORCHESTRATE_ADMIN_EMAILS}, comma separated):
 *     the users with these emails may use {@code /api/admin/**} (the vault's master keys); nobody
 *     by default
 */
@ConfigurationProperties("orchestrate.auth")
public record AuthProperties(
    @DefaultValue("8h") Duration tokenTtl,
    @DefaultValue("orchestrate") String issuer,
    String signingKey,
    Path signingKeyFile,
    @DefaultValue("30d") Duration keyRotation,
    @DefaultValue("5") int loginFailuresPerEmail,
    @DefaultValue("50") int loginFailuresPerAddress,
    @DefaultValue("15m") Duration loginWindow,
    @DefaultValue("30") int signupsPerAddress,
    @DefaultValue("") List<String> adminEmails) {

  public AuthProperties {
    adminEmails =
        adminEmails == null
            ? List.of()
            : adminEmails.stream().map(String::strip).filter(e -> !e.isEmpty()).toList();
  }
}
