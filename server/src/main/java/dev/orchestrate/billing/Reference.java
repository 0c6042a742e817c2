package dev.orchestrate.billing;

import java.util.Objects;

/** What a ledger row is for, e.g. ({@code pipeline_execution}, its id). */
public record Reference(String type, String id, String description) {
  public Reference {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    description = description == null ? "" : description;
  }
}
