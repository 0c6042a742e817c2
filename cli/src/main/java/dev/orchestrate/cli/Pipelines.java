package dev.orchestrate.cli;

import dev.orchestrate.cli.text.NearNames;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Finding a pipeline of the workspace by slug, and saying which were meant when none matches. */
final class Pipelines {

  private Pipelines() {}

  static JsonNode list(Context context) {
    return context.api().get("/api/workspaces/" + context.workspace().id() + "/pipelines");
  }

  /** The pipeline with this slug (or id); a wrong one lists the near names. */
  static JsonNode find(Context context, String slugOrId) {
    JsonNode pipelines = list(context);
    List<String> slugs = new ArrayList<>();
    for (JsonNode p : pipelines) {
      if (slugOrId.equals(p.path("slug").asString()) || slugOrId.equals(p.path("id").asString())) {
        return p;
      }
      slugs.add(p.path("slug").asString());
    }
    var m = context.messages();
    List<String> lines = new ArrayList<>();
    lines.add(m.get("error.unknown_pipeline", slugOrId, context.workspace().slug()));
    List<String> near = NearNames.of(slugOrId, slugs, 3);
    if (!near.isEmpty()) {
      lines.add(m.get("error.did_you_mean", String.join(", ", near)));
    } else if (!slugs.isEmpty()) {
      lines.add(m.get("error.known", String.join(", ", slugs)));
    }
    throw new CliException(ExitCodes.NOT_FOUND, "unknown_pipeline", lines, null);
  }

  /** The slug of a pipeline id, for lists of executions; the id itself when not found. */
  static String slugOf(JsonNode pipelines, String id) {
    for (JsonNode p : pipelines) {
      if (id.equals(p.path("id").asString())) {
        return p.path("slug").asString();
      }
    }
    return id;
  }
}
