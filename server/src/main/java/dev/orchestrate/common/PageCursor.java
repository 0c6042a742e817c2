package dev.orchestrate.common;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** An opaque position in a newest-first list: the last row's time and id, for the next page. */
public record PageCursor(Instant createdAt, UUID id) {

  public String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
  }

  public static PageCursor decode(String text) {
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|");
      return new PageCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
    } catch (RuntimeException e) {
      throw OrchestrateException.invalid("cursor", "is not a cursor this service gave out");
    }
  }
}
