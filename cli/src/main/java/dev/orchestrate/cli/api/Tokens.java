package dev.orchestrate.cli.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a JWT's expiry without verifying it: only to tell the user why the server said no. */
public final class Tokens {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Tokens() {}

  public static Optional<Instant> expiry(String token) {
    if (token == null) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.");
    if (parts.length < 2) {
      return Optional.empty();
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
      JsonNode claims = JSON.readTree(new String(payload, StandardCharsets.UTF_8));
      JsonNode exp = claims.path("exp");
      return exp.isNumber() ? Optional.of(Instant.ofEpochSecond(exp.asLong())) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
