package dev.orchestrate.live;

import java.util.Optional;
import java.util.UUID;

/**
 * Events {@code first..last} of an execution, committed; as a notification line: {@code
 * "execution_id workspace_id first last"}.
 */
record Batch(UUID executionId, UUID workspaceId, long first, long last) {

  String line() {
    return executionId + " " + workspaceId + " " + first + " " + last;
  }

  static Optional<Batch> parse(String line) {
    String[] parts = line.split(" ");
    if (parts.length != 4) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Batch(
              UUID.fromString(parts[0]),
              UUID.fromString(parts[1]),
              Long.parseLong(parts[2]),
              Long.parseLong(parts[3])));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
