package dev.orchestrate.pipeline.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** The fields of one node, with what reading them needs: the catalog and template bookkeeping. */
final class NodeReader {

  private final JsonFields fields;
  private final String nodeId;
  private final WorkspaceCatalog catalog;
  private final List<TemplateUse> templateUses = new ArrayList<>();

  NodeReader(JsonFields fields, String nodeId, WorkspaceCatalog catalog) {
    this.fields = fields;
    this.nodeId = nodeId;
    this.catalog = catalog;
  }

  JsonFields fields() {
    return fields;
  }

  List<TemplateUse> templateUses() {
    return List.copyOf(templateUses);
  }

  Optional<Template> optionalTemplate(String field) {
    return fields.optionalText(field).flatMap(text -> template(fields.path(field), text));
  }

  /** Parses every string inside {@code value} as a template, reporting each malformed one. */
  void templatesIn(JsonNode value, String path) {
    Templates.forEachString(value, path, this::template);
  }

  private Optional<Template> template(String path, String text) {
    try {
      Template template = Template.parse(text);
      template.references().forEach(ref -> templateUses.add(new TemplateUse(nodeId, path, ref)));
      return Optional.of(template);
    } catch (TemplateSyntaxException e) {
      fields.problems().add(path, e.getMessage());
      return Optional.empty();
    }
  }

  void requireAgent(String path, String slug) {
    if (!catalog.hasAgent(slug)) {
      fields.problems().add(path, "no agent '" + slug + "' in this workspace");
    }
  }

  void requireMcpConnection(String path, String name) {
    if (!catalog.hasMcpConnection(name)) {
      fields.problems().add(path, "no MCP connection '" + name + "' in this workspace");
    }
  }
}
