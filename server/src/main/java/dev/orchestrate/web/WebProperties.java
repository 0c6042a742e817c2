package dev.orchestrate.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The HTTP edge's settings.
 *
 * @param maxBodyBytes largest accepted request body ({@code ORCHESTRATE_WEB_MAX_BODY_BYTES}, 1 MiB)
 * @param allowedOrigins browser origins allowed to call the API cross-origin, comma separated
 *     ({@code ORCHESTRATE_WEB_ALLOWED_ORIGINS}); empty: same origin only
 */
@ConfigurationProperties("orchestrate.web")
record WebProperties(
    @DefaultValue("1048576") long maxBodyBytes,
    @DefaultValue("") java.util.List<String> allowedOrigins) {}
